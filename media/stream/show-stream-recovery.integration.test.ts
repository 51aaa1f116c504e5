import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPlaylist } from '../packager/hls-playlist';
import { launchChromium, type LaunchedChromium } from '../test-support/chromium';
import { startMediaTestServer, waitFor, type MediaTestServer } from '../test-support/media-test-server';

// What happens when things die: ffmpeg (restart, discontinuity) and the publisher (grace, resume, end).
describe('show stream recovery', () => {
  let server: MediaTestServer;
  let browser: LaunchedChromium;
  const showId = 'show-recovery';
  const playlistFile = () => path.join(server.hlsDir, showId, 'index.m3u8');
  const eventCount = (name: string) => server.events.filter((e) => e.name === name).length;
  const runs = (segments: string[]) => new Set(segments.map((s) => Number(/^r(\d+)-/.exec(s)?.[1])));

  async function publish(): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(`${server.baseUrl}/test/publisher.html`);
    expect(await page.evaluate(() => (window as any).startPublishing('recovery-key'))).toEqual({ ok: true });
    return page;
  }

  beforeAll(async () => {
    server = await startMediaTestServer({ reconnectGraceMs: 4000 });
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
    await waitFor(async () => (await viewer.evaluate(() => (window as any).playback())).currentTime > 1, 15_000, 'playback');

    const firstPid = server.media.packagerPid(showId)!;
    expect(firstPid).toBeGreaterThan(0);
    // On a loaded machine the stall watchdog may already have restarted ffmpeg: wait for segments from a
    // run newer than any seen before the kill, not for a fixed run number.
    const lastRunBeforeKill = Math.max(...runs((await readPlaylist(playlistFile()))!.segments));
    process.kill(firstPid, 'SIGKILL');
    const after = await waitFor(async () => {
      const playlist = await readPlaylist(playlistFile());
      const newer = playlist?.segments.filter((s) => Number(/^r(\d+)-/.exec(s)?.[1]) > lastRunBeforeKill) ?? [];
      return newer.length >= 2 ? playlist : null;
    }, 15_000, 'segments from the restarted ffmpeg');
    // Every ffmpeg run after the first appends behind exactly one discontinuity.
    expect(after.discontinuities).toBe(runs(after.segments).size - 1);
    expect(after.discontinuities).toBeGreaterThanOrEqual(1);
    expect(after.ended).toBe(false);
    expect(server.media.packagerPid(showId)).not.toBe(firstPid);

    const before = (await viewer.evaluate(() => (window as any).playback())).currentTime as number;
    await waitFor(async () => {
      const now = (await viewer.evaluate(() => (window as any).playback())).currentTime as number;
      return now > before + 1.5;
    }, 15_000, 'playback to continue past the restart');
    await viewer.close();
    expect(eventCount('stream:ended')).toBe(0);
  });

  it('shows reconnecting when the publisher vanishes, resumes when it returns, ends after the grace period', async () => {
    const beforeDrop = Math.max(...runs((await readPlaylist(playlistFile()))!.segments));
    for (const page of browser.context.pages()) await page.close(); // the host's tab dies: no WHIP DELETE
    await waitFor(() => eventCount('stream:reconnecting') === 1, 10_000, 'stream:reconnecting');

    const returning = await publish();
    await waitFor(() => eventCount('stream:resumed') === 1, 10_000, 'stream:resumed');
    const resumed = await readPlaylist(playlistFile());
    expect(Math.max(...runs(resumed!.segments))).toBeGreaterThan(beforeDrop);
    expect(resumed!.discontinuities).toBe(runs(resumed!.segments).size - 1);
    expect(eventCount('stream:ended')).toBe(0);

    const lostAt = Date.now();
    await returning.close();
    await waitFor(() => eventCount('stream:reconnecting') === 2, 10_000, 'second stream:reconnecting');
    const ended = await waitFor(() => server.events.find((e) => e.name === 'stream:ended'), 15_000, 'stream:ended');
    expect(ended.at - lostAt).toBeGreaterThanOrEqual(4000);
    expect(ended.payload).toEqual({ showId, replayPath: `/hls/${showId}/index.m3u8` });
    const final = await readPlaylist(playlistFile());
    expect(final!.ended).toBe(true);
    expect(server.media.health().activeStreams).toBe(0);
    expect(server.media.packagerPid(showId)).toBeNull();
  });
});
