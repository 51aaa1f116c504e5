import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePlaylist } from './hls-playlist';
import { ShowPlaylistWriter } from './show-playlist-writer';

// The writer against real files, with run playlists written the way ffmpeg writes them.
describe('ShowPlaylistWriter', () => {
  let dir: string;
  const warnings: string[] = [];
  const open = () =>
    ShowPlaylistWriter.open({
      outDir: dir,
      liveWindowSeconds: 2,
      log: (level, message) => {
        if (level !== 'info') warnings.push(message);
      },
    });
  const published = async () => parsePlaylist(await readFile(path.join(dir, 'index.m3u8'), 'utf8'));

  async function writeRun(writer: ShowPlaylistWriter, run: number, count: number): Promise<void> {
    const lines = [
      '#EXTM3U',
      '#EXT-X-VERSION:6',
      '#EXT-X-TARGETDURATION:1',
      '#EXT-X-MEDIA-SEQUENCE:0',
      '#EXT-X-PLAYLIST-TYPE:EVENT',
    ];
    for (let i = 0; i < count; i += 1) {
      const name = `r${run}-${String(i).padStart(5, '0')}.ts`;
      lines.push(
        '#EXTINF:0.500000,',
        `#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:${String(run).padStart(2, '0')}:${String(i).padStart(2, '0')}.000+0000`,
        name,
      );
      await writeFile(path.join(dir, name), Buffer.alloc(188));
    }
    await writeFile(writer.runPlaylistPath(run), `${lines.join('\n')}\n`);
  }

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'livecart-playlists-'));
    warnings.length = 0;
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('publishes a bounded live window as runs grow, then the whole show as the replay', async () => {
    const writer = await open();
    const first = writer.nextRun();
    expect(writer.update(first)).toBe(0); // ffmpeg has not written yet: nothing published
    await expect(readFile(path.join(dir, 'index.m3u8'))).rejects.toThrow();
    await writeRun(writer, first, 3);
    expect(writer.update(first)).toBe(3);
    await writeRun(writer, first, 12);
    expect(writer.update(first)).toBe(12);
    const second = writer.nextRun();
    await writeRun(writer, second, 6);
    expect(writer.update(second)).toBe(6);

    const live = await published();
    expect(live.segments.map((s) => s.uri)).toEqual(['r2-00002.ts', 'r2-00003.ts', 'r2-00004.ts', 'r2-00005.ts']);
    expect(live).toMatchObject({ mediaSequence: 14, discontinuitySequence: 1, ended: false, playlistType: null });

    await writeFile(path.join(dir, 'r2-00006.ts.tmp'), 'unfinished'); // what a SIGKILLed ffmpeg leaves
    expect(await writer.writeReplay()).toBe(true);
    const replay = await published();
    expect(replay.segments).toHaveLength(18);
    expect(replay.segments.filter((s) => s.discontinuity).map((s) => s.uri)).toEqual(['r2-00000.ts']);
    expect(replay.segments.every((s) => s.programDateTime !== null)).toBe(true);
    expect(replay).toMatchObject({ mediaSequence: 0, playlistType: 'VOD', ended: true });
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    await writeRun(writer, second, 8); // nothing replaces the replay once written
    writer.update(second);
    expect((await published()).ended).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('continues a show from the runs on disk with the same numbering (a restarted process)', async () => {
    const before = await open();
    await writeRun(before, before.nextRun(), 5);
    before.update(1);
    const run2 = before.nextRun();
    await writeRun(before, run2, 3);
    before.update(run2);
    // The old process died here; ffmpeg had written two more segments of run 2 that it never saw.
    await writeRun(before, run2, 5);
    await writeFile(path.join(dir, 'r3-00000.ts'), Buffer.alloc(188)); // run 3 died before its first playlist

    const after = await open();
    expect(after.segmentCount).toBe(10);
    const run4 = after.nextRun();
    expect(run4).toBe(4);
    await writeRun(after, run4, 2);
    after.update(run4);
    const live = await published();
    expect(live.mediaSequence).toBe(12 - live.segments.length);
    expect(live.segments.at(-1)!.uri).toBe('r4-00001.ts');
    expect(await after.writeReplay()).toBe(true);
    const replay = await published();
    expect(replay.segments.map((s) => s.uri).slice(4, 11)).toEqual([
      'r1-00004.ts',
      'r2-00000.ts',
      'r2-00001.ts',
      'r2-00002.ts',
      'r2-00003.ts',
      'r2-00004.ts',
      'r4-00000.ts',
    ]);
    expect(replay.segments.filter((s) => s.discontinuity)).toHaveLength(2);
  });

  it('never renumbers: an earlier run that grows after a later one started is left out', async () => {
    const writer = await open();
    await writeRun(writer, writer.nextRun(), 2);
    writer.update(1);
    await writeRun(writer, writer.nextRun(), 2);
    writer.update(2);
    await writeRun(writer, 1, 4);
    expect(writer.update(1)).toBe(2);
    expect(warnings).toHaveLength(1);
    expect((await published()).segments.map((s) => s.uri)).toEqual([
      'r1-00000.ts',
      'r1-00001.ts',
      'r2-00000.ts',
      'r2-00001.ts',
    ]);
  });

  it('writes no replay for a show without segments', async () => {
    const writer = await open();
    writer.nextRun();
    expect(await writer.writeReplay()).toBe(false);
    await expect(readFile(path.join(dir, 'index.m3u8'))).rejects.toThrow();
  });
});
