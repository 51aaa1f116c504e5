// A show the previous process left live (it stopped without ending it): after a restart the media service takes
// it over, says "reconnecting", and when the host does not come back within the grace period ends it with a
// replay built from the runs on disk. Shows never packaged on this node are left alone.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePlaylist } from '../packager/hls-playlist';
import { startMediaTestServer, waitFor, type MediaTestServer } from '../test-support/media-test-server';

describe('a show left live by a previous process', () => {
  let server: MediaTestServer;
  const showId = 'show-interrupted';

  /** What ffmpeg left on disk: its run playlist (EVENT, no ENDLIST) and the segments it names. */
  async function leaveRun(run: number, segments: number): Promise<void> {
    const dir = path.join(server.hlsDir, showId);
    await mkdir(path.join(dir, 'runs'), { recursive: true });
    const lines = [
      '#EXTM3U',
      '#EXT-X-VERSION:6',
      '#EXT-X-TARGETDURATION:1',
      '#EXT-X-MEDIA-SEQUENCE:0',
      '#EXT-X-PLAYLIST-TYPE:EVENT',
    ];
    for (let i = 0; i < segments; i += 1) {
      const name = `r${run}-${String(i).padStart(5, '0')}.ts`;
      lines.push(
        '#EXTINF:0.500000,',
        `#EXT-X-PROGRAM-DATE-TIME:2026-11-22T20:00:${String(i).padStart(2, '0')}.000+0000`,
        name,
      );
      await writeFile(path.join(dir, name), Buffer.alloc(188));
    }
    await writeFile(path.join(dir, 'runs', `r${run}.m3u8`), `${lines.join('\n')}\n`);
  }

  beforeAll(async () => {
    server = await startMediaTestServer({ reconnectGraceMs: 1500 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('waits for the host for the grace period, then ends the show with a replay of every run', async () => {
    await leaveRun(1, 6);
    await leaveRun(2, 4);
    const adopted = await server.media.resumeInterrupted([showId, 'never-packaged-here', '../escape']);
    expect(adopted).toEqual([showId]);
    expect(server.events.filter((e) => e.name === 'stream:reconnecting').map((e) => e.payload)).toEqual([{ showId }]);
    expect(server.events.some((e) => e.name === 'stream:ended')).toBe(false);

    const ended = await waitFor(() => server.events.find((e) => e.name === 'stream:ended'), 10_000, 'stream:ended');
    expect(ended.payload).toEqual({ showId, replayPath: `/hls/${showId}/index.m3u8` });
    expect(ended.at - server.events.find((e) => e.name === 'stream:reconnecting')!.at).toBeGreaterThanOrEqual(1400);
    const replay = parsePlaylist(await readFile(path.join(server.hlsDir, showId, 'index.m3u8'), 'utf8'));
    expect(replay.ended).toBe(true);
    expect(replay.segments.map((s) => s.uri)).toEqual([
      ...Array.from({ length: 6 }, (_, i) => `r1-${String(i).padStart(5, '0')}.ts`),
      ...Array.from({ length: 4 }, (_, i) => `r2-${String(i).padStart(5, '0')}.ts`),
    ]);
    expect(replay.segments.filter((s) => s.discontinuity)).toHaveLength(1);

    // Taken over once only: the show has ended in this process.
    expect(await server.media.resumeInterrupted([showId])).toEqual([]);
  });
});
