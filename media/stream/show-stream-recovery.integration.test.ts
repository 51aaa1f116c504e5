import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePlaylist, type ParsedPlaylist } from '../packager/hls-playlist';
import { launchChromium, type LaunchedChromium } from '../test-support/chromium';
import { llHlsErrors, numberingErrors, readShowRuns, runMediaErrors } from '../test-support/hls-show-files';
import { startMediaTestServer, waitFor, type MediaTestServer } from '../test-support/media-test-server';

// What happens when things die: ffmpeg (restart, discontinuity) and the publisher (grace, resume, end).
describe('show stream recovery', () => {
  let server: MediaTestServer;
  let browser: LaunchedChromium;
  const showId = 'show-recovery';
  const showDir = () => path.join(server.hlsDir, showId);
  const playlist = async (): Promise<ParsedPlaylist> =>
    parsePlaylist(await readFile(path.join(showDir(), 'index.m3u8'), 'utf8'));
  const eventCount = (name: string) => server.events.filter((e) => e.name === name).length;
  const runOf = (uri: string) => Number(/^r(\d+)-/.exec(uri)?.[1]);
  const lastRun = (list: ParsedPlaylist) => Math.max(...list.segments.map((s) => runOf(s.uri)));
  /** Discontinuity sequence number of the newest segment: how many run boundaries the show has had. */
  const boundaries = (list: ParsedPlaylist) =>
    list.discontinuitySequence + list.segments.filter((s) => s.discontinuity).length;
  const playback = (page: Page) =>
    page.evaluate(() => (window as any).playback()) as Promise<{ currentTime: number; frames: number }>;

  async function publish(): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(`${server.baseUrl}/test/publisher.html`);
    expect(await page.evaluate(() => (window as any).startPublishing('recovery-key'))).toEqual({ ok: true });
    return page;
  }

  beforeAll(async () => {
    // A 3 s live window, so that run boundaries slide out of it within the test.
    server = await startMediaTestServer({ reconnectGraceMs: 4000, liveWindowSeconds: 3 });
    server.auth.grant('recovery-key', showId);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('restarts a killed ffmpeg and the playlist and player continue after a discontinuity', async () => {
    await publish();
    await waitFor(() => eventCount('stream:live') === 1, 10_000, 'stream:live');
    const viewer = await browser.context.newPage();
    await viewer.goto(`${server.baseUrl}/test/player.html`);
    await viewer.evaluate((src) => (window as any).startPlayer(src), `/hls/${showId}/index.m3u8`);
    await waitFor(async () => (await playback(viewer)).currentTime > 1, 15_000, 'playback');

    const firstPid = server.media.packagerPid(showId)!;
    expect(firstPid).toBeGreaterThan(0);
    // On a loaded machine the stall watchdog may already have restarted ffmpeg: wait for segments from a
    // run newer than any seen before the kill, not for a fixed run number.
    const before = await playlist();
    const lastRunBeforeKill = lastRun(before);
    process.kill(firstPid, 'SIGKILL');
    const after = await waitFor(
      async () => {
        const list = await playlist();
        return list.segments.filter((s) => runOf(s.uri) > lastRunBeforeKill).length >= 2 ? list : null;
      },
      15_000,
      'segments from the restarted ffmpeg',
    );
    // The new run continues the show's numbering behind a discontinuity, as the run lists say.
    expect(boundaries(after)).toBeGreaterThan(boundaries(before));
    expect(numberingErrors(after, await readShowRuns(showDir()))).toEqual([]);
    // LL-HLS across the restart: parts listed once each, segments made of their parts, the new run's init segment.
    expect(llHlsErrors(after)).toEqual([]);
    const firstNew = after.segments.find((s) => runOf(s.uri) > lastRunBeforeKill)!;
    expect(firstNew.discontinuity).toBe(true);
    expect(firstNew.map).toBe(`r${runOf(firstNew.uri)}-init.mp4`);
    // The killed run lost nothing it had written whole: every part it wrote is in its segments, once.
    expect(await runMediaErrors(showDir(), lastRunBeforeKill)).toEqual([]);
    expect(after.ended).toBe(false);
    expect(after.playlistType).toBeNull();
    expect(server.media.packagerPid(showId)).not.toBe(firstPid);

    const resumedAt = (await playback(viewer)).currentTime;
    await waitFor(
      async () => (await playback(viewer)).currentTime > resumedAt + 1.5,
      15_000,
      'playback to continue past the restart',
    );
    await viewer.close();
    expect(eventCount('stream:ended')).toBe(0);
  });

  it('shows reconnecting when the publisher vanishes, resumes when it returns, ends after the grace period', async () => {
    const beforeDrop = await playlist();
    for (const page of browser.context.pages()) await page.close(); // the host's tab dies: no WHIP DELETE
    await waitFor(() => eventCount('stream:reconnecting') === 1, 10_000, 'stream:reconnecting');

    const returning = await publish();
    await waitFor(() => eventCount('stream:resumed') === 1, 10_000, 'stream:resumed');
    const resumed = await playlist();
    expect(lastRun(resumed)).toBeGreaterThan(lastRun(beforeDrop));
    expect(numberingErrors(resumed, await readShowRuns(showDir()))).toEqual([]);
    expect(eventCount('stream:ended')).toBe(0);
    // The window slides past the boundaries (kill, resume): they leave it and are counted in its
    // EXT-X-DISCONTINUITY-SEQUENCE, so every segment keeps its discontinuity sequence number.
    const slid = await waitFor(
      async () => {
        const list = await playlist();
        return list.discontinuitySequence >= 2 ? list : null;
      },
      15_000,
      'the run boundaries to slide out of the live window',
    );
    expect(numberingErrors(slid, await readShowRuns(showDir()))).toEqual([]);

    const lostAt = Date.now();
    await returning.close();
    await waitFor(() => eventCount('stream:reconnecting') === 2, 10_000, 'second stream:reconnecting');
    const ended = await waitFor(() => server.events.find((e) => e.name === 'stream:ended'), 15_000, 'stream:ended');
    expect(ended.at - lostAt).toBeGreaterThanOrEqual(4000);
    expect(ended.payload).toEqual({ showId, replayPath: `/hls/${showId}/index.m3u8` });
    expect(server.media.health().activeStreams).toBe(0);
    expect(server.media.packagerPid(showId)).toBeNull();
  });

  it('replays every segment of every run, across the discontinuities', async () => {
    const replay = await playlist();
    const runs = await readShowRuns(showDir());
    expect(replay).toMatchObject({ playlistType: 'VOD', mediaSequence: 0, discontinuitySequence: 0, ended: true });
    expect(replay.segments.map((s) => s.uri)).toEqual(runs.uris);
    expect(runs.runStarts.length).toBeGreaterThanOrEqual(3); // first run, after the kill, after the return
    expect(numberingErrors(replay, runs)).toEqual([]);
    expect(replay.segments.every((s) => s.programDateTime !== null)).toBe(true);
    expect(replay.parts).toEqual([]);
    // Every run, the last one ended by the show's end included: its parts are exactly its segments.
    for (const run of new Set(runs.uris.map(runOf))) expect(await runMediaErrors(showDir(), run)).toEqual([]);

    // Play through the first boundary: from just before it to well after it.
    const boundary = runs.durations.slice(0, runs.runStarts[1]).reduce((a, b) => a + b, 0);
    const viewer = await browser.context.newPage();
    await viewer.goto(`${server.baseUrl}/test/player.html`);
    await viewer.evaluate((src) => (window as any).startPlayer(src), `/hls/${showId}/index.m3u8`);
    await waitFor(async () => (await playback(viewer)).frames > 5, 15_000, 'replay playback');
    await viewer.evaluate(
      (time) => {
        (document.getElementById('v') as HTMLVideoElement).currentTime = time;
      },
      Math.max(0, boundary - 0.5),
    );
    const crossed = await waitFor(
      async () => {
        const p = await playback(viewer);
        return p.currentTime > boundary + 1 ? p : null;
      },
      15_000,
      'replay playback across the first discontinuity',
    );
    expect(crossed.frames).toBeGreaterThan(20);
    await viewer.close();
  });
});
