import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedChromium } from './test-support/chromium';
import { startMediaTestServer, waitFor, type MediaTestServer } from './test-support/media-test-server';

type Playback = { currentTime: number; frames: number; width: number; ended: boolean };

// Chromium's fake camera publishes over WHIP to werift, ffmpeg packages HLS, hls.js plays it back.
describe('go live from the browser', () => {
  let server: MediaTestServer;
  let browser: LaunchedChromium;
  let publisher: Page;

  beforeAll(async () => {
    server = await startMediaTestServer({ reconnectGraceMs: 5000 });
    server.auth.grant('studio-token-1', 'show-live-1');
    browser = await launchChromium();
    publisher = await browser.context.newPage();
    await publisher.goto(`${server.baseUrl}/test/publisher.html`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('publishes, goes live and plays in hls.js with advancing, decoded video', async () => {
    const started = Date.now();
    const result = await publisher.evaluate((token) => (window as any).startPublishing(token), 'studio-token-1');
    expect(result).toEqual({ ok: true });
    await waitFor(() => server.events.find((e) => e.name === 'stream:live'), 10_000, 'stream:live');
    expect(server.media.health()).toMatchObject({ ok: true, activeStreams: 1, ffmpeg: true });
    console.info(`first segment ${Date.now() - started} ms after WHIP POST`);

    const viewer = await browser.context.newPage();
    await viewer.goto(`${server.baseUrl}/test/player.html`);
    await viewer.evaluate(() => (window as any).startPlayer('/hls/show-live-1/index.m3u8'));
    const first = await waitFor(async () => {
      const p: Playback = await viewer.evaluate(() => (window as any).playback());
      return p.currentTime > 0.5 && p.frames > 10 ? p : null;
    }, 15_000, 'playback to start');
    // Wait for the progress rather than sampling one fixed window: on a loaded machine the decoder can lag a
    // few frames behind for a moment and still be playing.
    const later = await waitFor(async () => {
      const p: Playback = await viewer.evaluate(() => (window as any).playback());
      return p.currentTime - first.currentTime > 1.5 && p.frames - first.frames > 30 ? p : null;
    }, 15_000, 'playback to advance 1.5 s and 30 frames');
    expect(later.width).toBeGreaterThan(0);
    await viewer.close();
  });

  it('serves playlists and segments with the right types, caching and CORS', async () => {
    const playlist = await fetch(`${server.baseUrl}/hls/show-live-1/index.m3u8`);
    expect(playlist.status).toBe(200);
    expect(playlist.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(playlist.headers.get('cache-control')).toBe('public, max-age=1');
    expect(playlist.headers.get('access-control-allow-origin')).toBe('*');
    const text = await playlist.text();
    expect(text).toContain('#EXT-X-INDEPENDENT-SEGMENTS');
    expect(text).toContain('#EXT-X-PROGRAM-DATE-TIME');
    // 0.5 s segments by default; one late keyframe on a loaded machine may stretch a single one.
    const durations = [...text.matchAll(/#EXTINF:([\d.]+)/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    expect(durations[Math.floor(durations.length / 2)]).toBeLessThan(0.7);
    expect(Number(/#EXT-X-TARGETDURATION:(\d+)/.exec(text)?.[1])).toBeLessThanOrEqual(2);
    const segment = text.split('\n').find((line) => line.endsWith('.ts'))!;
    const response = await fetch(`${server.baseUrl}/hls/show-live-1/${segment}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp2t');
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  it('ends on WHIP DELETE, closes the playlist and the replay plays', async () => {
    await publisher.evaluate(() => (window as any).stopPublishing());
    const ended = await waitFor(() => server.events.find((e) => e.name === 'stream:ended'), 10_000, 'stream:ended');
    expect(ended.payload).toEqual({ showId: 'show-live-1', replayPath: '/hls/show-live-1/index.m3u8' });
    const playlist = await readFile(path.join(server.hlsDir, 'show-live-1', 'index.m3u8'), 'utf8');
    expect(playlist.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
    expect(server.media.health().activeStreams).toBe(0);

    const viewer = await browser.context.newPage();
    await viewer.goto(`${server.baseUrl}/test/player.html`);
    await viewer.evaluate(() => (window as any).startPlayer('/hls/show-live-1/index.m3u8'));
    await waitFor(async () => {
      const p: Playback = await viewer.evaluate(() => (window as any).playback());
      return p.currentTime > 1 && p.frames > 20 ? p : null;
    }, 15_000, 'replay playback');
    await viewer.close();
  });
});
