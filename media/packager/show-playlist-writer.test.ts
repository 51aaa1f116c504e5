import { appendFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { llHlsErrors } from '../test-support/hls-show-files';
import { parsePlaylist } from './hls-playlist';
import type { LivePlaylistSnapshot } from './live-playlist-hub';
import { ShowPlaylistWriter } from './show-playlist-writer';

// The writer against real files, fed the way LlHlsRun feeds it: parts, then the segment they make, and the run's
// own list appended on disk (what a restarted process reads).
describe('ShowPlaylistWriter', () => {
  let dir: string;
  const warnings: string[] = [];
  const snapshots: Array<LivePlaylistSnapshot | null> = [];
  const open = () =>
    ShowPlaylistWriter.open({
      outDir: dir,
      liveWindowSeconds: 2,
      partTargetSeconds: 0.2,
      log: (level, message) => {
        if (level !== 'info') warnings.push(message);
      },
      onPublish: (snapshot) => snapshots.push(snapshot),
    });
  const published = async () => parsePlaylist(await readFile(path.join(dir, 'index.m3u8'), 'utf8'));
  const name = (run: number, i: number) => `r${run}-${String(i).padStart(5, '0')}.m4s`;
  const partName = (run: number, i: number) => `r${run}-p${String(i).padStart(5, '0')}.m4s`;
  const pdt = (run: number, i: number) =>
    `2026-01-01T00:${String(run).padStart(2, '0')}:${String(i).padStart(2, '0')}.000Z`;

  /** Segments `from`..`to - 1` of a run, three parts each (0.2, 0.2, 0.1 s), as LlHlsRun reports them. */
  function feed(writer: ShowPlaylistWriter, run: number, from: number, to: number): void {
    for (let i = from; i < to; i += 1) {
      [0.2, 0.2, 0.1].forEach((duration, p) => {
        writer.addPart(
          run,
          { uri: partName(run, i * 3 + p), duration, independent: p === 0 },
          { map: `r${run}-init.mp4`, programDateTime: pdt(run, i) },
          partName(run, i * 3 + p + 1),
        );
      });
      const header = i === 0 ? `#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-MAP:URI="r${run}-init.mp4"\n` : '';
      appendFileSync(
        writer.runPlaylistPath(run),
        `${header}#EXT-X-PROGRAM-DATE-TIME:${pdt(run, i)}\n#EXTINF:0.500000,\n${name(run, i)}\n`,
      );
      writer.addSegment(run, {
        uri: name(run, i),
        duration: 0.5,
        programDateTime: pdt(run, i),
        discontinuity: false,
        map: `r${run}-init.mp4`,
      });
    }
  }

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'livecart-playlists-'));
    warnings.length = 0;
    snapshots.length = 0;
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('publishes an LL-HLS live window as parts and segments come, then the whole show as the replay', async () => {
    const writer = await open();
    const first = writer.nextRun();
    writer.addPart(
      first,
      { uri: partName(1, 0), duration: 0.2, independent: true },
      { map: 'r1-init.mp4', programDateTime: pdt(1, 0) },
      partName(1, 1),
    );
    // Players start on whole segments: nothing is published before the first one.
    await expect(readFile(path.join(dir, 'index.m3u8'))).rejects.toThrow();
    expect(snapshots).toEqual([]);
    feed(writer, first, 0, 12);
    const second = writer.nextRun();
    feed(writer, second, 0, 6);
    writer.addPart(
      second,
      { uri: partName(2, 18), duration: 0.2, independent: true },
      { map: 'r2-init.mp4', programDateTime: pdt(2, 6) },
      partName(2, 19),
    );

    const live = await published();
    expect(llHlsErrors(live)).toEqual([]);
    expect(live.segments.map((s) => s.uri)).toEqual([name(2, 2), name(2, 3), name(2, 4), name(2, 5)]);
    expect(live).toMatchObject({ mediaSequence: 14, discontinuitySequence: 1, ended: false, playlistType: null });
    // The segment being written (msn 18) has its first part listed, and the hint names the next one.
    expect(live.parts.filter((part) => part.msn === 18).map((part) => part.uri)).toEqual([partName(2, 18)]);
    expect(live.preloadHint).toBe(partName(2, 19));
    // What the blocking reload hub got with it.
    expect(snapshots.at(-1)).toMatchObject({ lastMsn: 17, pendingParts: 1, targetDuration: 1, ended: false });
    expect(snapshots.at(-1)!.text).toBe(await readFile(path.join(dir, 'index.m3u8'), 'utf8'));

    writer.endRun(second); // ffmpeg's output ended: no hint until the next run
    expect((await published()).preloadHint).toBeNull();

    await writeFile(path.join(dir, 'r2-00006.m4s.tmp'), 'unfinished'); // what a killed process leaves
    expect(await writer.writeReplay()).toBe(true);
    // Players held in a blocking reload got the live window with ENDLIST, then the hub was told the show is over.
    const lastLive = snapshots.at(-2)!;
    expect(lastLive.ended).toBe(true);
    const endedLive = parsePlaylist(lastLive.text);
    expect(endedLive).toMatchObject({ mediaSequence: 14, ended: true, preloadHint: null });
    // With the parts of its last segments, as the live window had them: a player loading parts goes on to the end.
    expect(endedLive.parts.map((part) => part.uri)).toEqual(live.parts.filter((p) => p.msn < 18).map((p) => p.uri));
    expect(endedLive.parts.length).toBeGreaterThan(0);
    expect(snapshots.at(-1)).toBeNull();
    const replay = await published();
    expect(replay.segments).toHaveLength(18);
    expect(replay.segments.filter((s) => s.discontinuity).map((s) => s.uri)).toEqual([name(2, 0)]);
    expect(replay.segments.every((s) => s.programDateTime !== null && s.map !== null)).toBe(true);
    expect(replay).toMatchObject({ mediaSequence: 0, playlistType: 'VOD', ended: true, parts: [] });
    await expect(readFile(path.join(dir, 'r2-00006.m4s.tmp'))).rejects.toThrow();

    feed(writer, second, 6, 8); // nothing replaces the replay once written
    expect((await published()).ended).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('lists parts only for the last segments and never a part twice', async () => {
    const writer = await open();
    feed(writer, writer.nextRun(), 0, 40);
    const live = await published();
    expect(llHlsErrors(live)).toEqual([]);
    // Parts of the segments in the last 3 target durations (3 s) that are in the 2 s window; none pending.
    expect(new Set(live.parts.map((part) => part.msn))).toEqual(new Set([36, 37, 38, 39]));
    expect(live.parts).toHaveLength(12);
  });

  it('lists a segment whole only when one of its parts is longer than the part target (a gap at a run start)', async () => {
    const writer = await open();
    feed(writer, writer.nextRun(), 0, 3);
    const run = writer.nextRun();
    const long = { uri: partName(run, 0), duration: 0.6, independent: true };
    writer.addPart(run, long, { map: `r${run}-init.mp4`, programDateTime: pdt(run, 0) }, partName(run, 1));
    writer.addPart(
      run,
      { uri: partName(run, 1), duration: 0.2, independent: false },
      { map: `r${run}-init.mp4`, programDateTime: pdt(run, 0) },
      partName(run, 2),
    );
    let live = await published();
    expect(live.parts.filter((part) => part.msn === 3)).toEqual([]);
    expect(snapshots.at(-1)).toMatchObject({ lastMsn: 2, pendingParts: 0 }); // blocking reloads wait for the segment
    expect(llHlsErrors(live)).toEqual([]);
    writer.addSegment(run, {
      uri: name(run, 0),
      duration: 0.8,
      programDateTime: pdt(run, 0),
      discontinuity: false,
      map: `r${run}-init.mp4`,
    });
    feed(writer, run, 1, 2);
    live = await published();
    expect(live.parts.filter((part) => part.msn === 3)).toEqual([]);
    expect(live.parts.filter((part) => part.msn === 4)).toHaveLength(3);
    expect(llHlsErrors(live)).toEqual([]);
  });

  it('continues a show from the runs on disk with the same numbering (a restarted process)', async () => {
    const before = await open();
    feed(before, before.nextRun(), 0, 5);
    const run2 = before.nextRun();
    feed(before, run2, 0, 3);
    await writeFile(path.join(dir, 'r3-p00000.m4s'), Buffer.alloc(188)); // run 3 died before its first segment

    const after = await open();
    expect(after.segmentCount).toBe(8);
    const run4 = after.nextRun();
    expect(run4).toBe(4);
    feed(after, run4, 0, 2);
    const live = await published();
    expect(live.mediaSequence).toBe(10 - live.segments.length);
    expect(live.segments.at(-1)!.uri).toBe('r4-00001.m4s');
    expect(await after.writeReplay()).toBe(true);
    const replay = await published();
    expect(replay.segments.map((s) => s.uri).slice(4, 9)).toEqual([
      'r1-00004.m4s',
      'r2-00000.m4s',
      'r2-00001.m4s',
      'r2-00002.m4s',
      'r4-00000.m4s',
    ]);
    expect(replay.segments.filter((s) => s.discontinuity)).toHaveLength(2);
    expect(replay.segments.map((s) => s.map)).toContain('r4-init.mp4');
  });

  it('never renumbers: an earlier run that reports a segment after a later one started is left out', async () => {
    const writer = await open();
    feed(writer, writer.nextRun(), 0, 2);
    feed(writer, writer.nextRun(), 0, 2);
    feed(writer, 1, 2, 3);
    expect(warnings).toHaveLength(1);
    expect((await published()).segments.map((s) => s.uri)).toEqual([name(1, 0), name(1, 1), name(2, 0), name(2, 1)]);
  });

  it('writes no replay for a show without segments', async () => {
    const writer = await open();
    writer.nextRun();
    expect(await writer.writeReplay()).toBe(false);
    await expect(readFile(path.join(dir, 'index.m3u8'))).rejects.toThrow();
  });
});
