// Go live from the browser, end to end on 127.0.0.1: the demo host opens the studio from the console and goes live
// with Chromium's fake camera; a viewer who opened the show page while it was upcoming switches to live by itself
// and plays it; the host ends the show; the viewer sees "ended" and plays the replay. Screenshots of the studio and
// the show page (phone and desktop) land in test-results/screenshots.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../../infra/test-support/start-platform';
import { desktopViewport, launchBrowser, newContext, phoneViewport, saveScreenshot, watchPageErrors } from './support/browser';
import { signInThroughForm } from './support/sign-in';

const fakeMediaArgs = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
  // Host and viewer pages run side by side; keep the background one at full rate.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

let platform: RunningPlatform;
let browser: Browser;

beforeAll(async () => {
  [platform, browser] = await Promise.all([
    startPlatform({ env: { MEDIA_LOOPBACK_ONLY: '1' } }),
    launchBrowser(fakeMediaArgs),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

/** Playback position and decoded frames of the page's player video. */
const playback = (page: Page) =>
  page.getByTestId('player-video').evaluate((element) => {
    const video = element as HTMLVideoElement;
    return { time: video.currentTime, frames: video.getVideoPlaybackQuality().totalVideoFrames, width: video.videoWidth };
  });

/** Asserts the player is really playing: time advances and new frames are decoded over ~1.5 s. */
async function expectPlaying(page: Page): Promise<void> {
  await expect.poll(async () => (await playback(page)).frames, { timeout: 20_000 }).toBeGreaterThan(0);
  const before = await playback(page);
  await page.waitForTimeout(1500);
  const after = await playback(page);
  expect(after.time).toBeGreaterThan(before.time + 0.5);
  expect(after.frames).toBeGreaterThan(before.frames + 10);
  expect(after.width).toBeGreaterThan(0);
}

async function screenshotsAtBothSizes(page: Page, name: string): Promise<void> {
  await page.setViewportSize(phoneViewport);
  await page.waitForTimeout(300);
  await saveScreenshot(page, `phone-${name}`);
  await page.setViewportSize(desktopViewport);
  await page.waitForTimeout(300);
  await saveScreenshot(page, `desktop-${name}`);
}

describe('go live from the browser', () => {
  it('host goes live from the studio, a viewer watches live, the host ends, the viewer plays the replay', { timeout: 120_000 }, async () => {
    const { showId } = platform.demo;

    // --- Viewer opens the show page while it is still upcoming --------------------------------------------
    const viewerContext = await newContext(browser, platform.baseUrl, phoneViewport);
    const viewer = await viewerContext.newPage();
    const viewerErrors = watchPageErrors(viewer);
    await viewer.goto(`/shows/${showId}`);
    const player = viewer.getByTestId('show-player');
    await expect.poll(() => player.getAttribute('data-state')).toBe('upcoming');
    await viewer.getByTestId('countdown').waitFor();

    // --- Host: console show detail -> Open studio -----------------------------------------------------------
    const hostContext = await newContext(browser, platform.baseUrl, desktopViewport);
    await hostContext.grantPermissions(['camera', 'microphone']);
    const host = await hostContext.newPage();
    const hostErrors = watchPageErrors(host);
    await signInThroughForm(host, platform.demo.accounts.host, platform.demo.password, '/console');
    await host.waitForURL(/\/console\/[^/]+\//);
    const brandId = /\/console\/([^/]+)\//.exec(host.url())![1]!;
    await host.goto(`/console/${brandId}/shows/${showId}`);
    await host.getByTestId('open-studio').click();
    await host.waitForURL(`**/studio/${brandId}/${showId}`);

    const studio = host.getByTestId('studio');
    await studio.waitFor();
    // Preview from the fake camera, both devices listed, the microphone meter moving (the fake mic beeps).
    await expect
      .poll(() => host.getByTestId('studio-preview').evaluate((video) => (video as HTMLVideoElement).videoWidth))
      .toBeGreaterThan(0);
    expect(await host.getByTestId('camera-select').locator('option').count()).toBeGreaterThan(0);
    expect(await host.getByTestId('microphone-select').locator('option').count()).toBeGreaterThan(0);
    await expect.poll(async () => Number(await host.getByTestId('mic-level').getAttribute('data-level')), { timeout: 10_000 }).toBeGreaterThan(5);
    expect(await host.getByTestId('live-indicator').getAttribute('data-phase')).toBe('idle');
    await screenshotsAtBothSizes(host, 'studio-ready');

    // --- Go live (with confirmation) -------------------------------------------------------------------------
    const clickedGoLive = Date.now();
    await host.getByTestId('go-live').click();
    await host.getByTestId('go-live-confirm').click();
    await expect.poll(() => studio.getAttribute('data-phase'), { timeout: 20_000 }).toBe('live');
    await host.getByTestId('live-elapsed').waitFor();

    // The viewer's page switches to live by itself and plays.
    await expect.poll(() => player.getAttribute('data-state'), { timeout: 20_000 }).toBe('live');
    await viewer.getByTestId('live-badge').waitFor({ state: 'visible' });
    await expect.poll(async () => (await playback(viewer)).frames, { timeout: 20_000 }).toBeGreaterThan(0);
    const firstFrameMs = Date.now() - clickedGoLive;
    await expectPlaying(viewer);
    expect(await player.getAttribute('data-state')).toBe('live');
    await screenshotsAtBothSizes(viewer, 'viewer-live');

    // Connection quality from getStats once a few samples exist.
    await expect.poll(() => host.getByTestId('quality-bitrate').textContent(), { timeout: 10_000 }).toMatch(/Mbit\/s/);
    expect(await host.getByTestId('quality-resolution').textContent()).toMatch(/\d+×\d+/);
    await screenshotsAtBothSizes(host, 'studio-live');

    // --- End the show (with confirmation) --------------------------------------------------------------------
    await host.getByTestId('end-show').click();
    await host.getByTestId('end-show-confirm').click();
    await host.getByTestId('studio-ended').waitFor({ timeout: 20_000 });

    // The viewer sees "ended", then plays the replay from the start.
    await expect.poll(() => player.getAttribute('data-state'), { timeout: 20_000 }).toBe('ended');
    await screenshotsAtBothSizes(viewer, 'viewer-ended');
    await viewer.getByTestId('watch-replay').click();
    await expect.poll(() => player.getAttribute('data-state')).toBe('replay');
    await expectPlaying(viewer);
    await saveScreenshot(viewer, 'desktop-viewer-replay');

    const publicShow = (await (await viewer.request.get(`/api/public/shows/${showId}`)).json()) as {
      show: { status: string; replayUrl: string | null };
    };
    expect(publicShow.show.status).toBe('ENDED');
    expect(publicShow.show.replayUrl).toBe(`/hls/${showId}/index.m3u8`);
    const replay = await viewer.request.get(publicShow.show.replayUrl!);
    expect(await replay.text()).toContain('#EXT-X-ENDLIST');

    // Uncaught exceptions would mean a broken page; console noise (e.g. a playlist 404 while going live) is not.
    expect(hostErrors.filter((line) => line.startsWith('pageerror'))).toEqual([]);
    expect(viewerErrors.filter((line) => line.startsWith('pageerror'))).toEqual([]);
    console.log(`go-live e2e: first frame at the viewer ${firstFrameMs} ms after clicking Go live`);

    await hostContext.close();
    await viewerContext.close();
  });
});
