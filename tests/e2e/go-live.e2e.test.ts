// Go live from the browser, end to end on 127.0.0.1 (MEDIA_LOOPBACK_ONLY): the demo host opens the studio from the
// console and goes live with Chromium's fake camera; a viewer who opened the show page while it was upcoming switches
// to live by itself and plays it; a second studio tab is refused; the host ends the show; the viewer sees "ended" and
// plays the replay. A second show checks the automatic reconnect after a network drop. Screenshots of the studio and
// the show page (phone and desktop) land in test-results/screenshots.
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiAsBrowser } from './support/api-as-browser';
import {
  desktopViewport,
  fakeMediaArgs,
  newContext,
  phoneViewport,
  saveScreenshot,
  watchPageErrors,
} from './support/browser';
import { usePlatformAndBrowser } from './support/running-platform';
import { signInThroughForm } from './support/sign-in';
import { playback } from './support/player';

const running = usePlatformAndBrowser({ platform: { env: { MEDIA_LOOPBACK_ONLY: '1' } }, browserArgs: fakeMediaArgs });
let hostContext: BrowserContext;
let brandId: string;

beforeAll(async () => {
  hostContext = await newContext(running.browser, running.platform.baseUrl, desktopViewport);
  await hostContext.grantPermissions(['camera', 'microphone']);
  // Keep a handle on every peer connection so a test can cut the studio's network connection.
  await hostContext.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const created: RTCPeerConnection[] = [];
    Object.assign(window, { __peerConnections: created });
    window.RTCPeerConnection = class extends Native {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        created.push(this);
      }
    };
  });
});

/**
 * Asserts the player is really playing: its time advances by more than 0.5 s while more than 10 new frames are
 * decoded. On a loaded machine hls.js may stall or recover (which resets the frame counter), so this waits for
 * that progress from the latest baseline instead of sampling one fixed window.
 */
async function expectPlaying(page: Page): Promise<void> {
  await expect.poll(async () => (await playback(page)).frames, { timeout: 20_000 }).toBeGreaterThan(0);
  let base = await playback(page);
  await expect
    .poll(
      async () => {
        const now = await playback(page);
        if (now.frames < base.frames || now.time < base.time) base = now;
        return now.width > 0 && now.time - base.time > 0.5 && now.frames - base.frames > 10;
      },
      { timeout: 20_000, interval: 500 },
    )
    .toBe(true);
}

async function screenshotsAtBothSizes(page: Page, name: string): Promise<void> {
  await page.setViewportSize(phoneViewport);
  await page.waitForTimeout(300);
  await saveScreenshot(page, `phone-${name}`);
  await page.setViewportSize(desktopViewport);
  await page.waitForTimeout(300);
  await saveScreenshot(page, `desktop-${name}`);
}

/** A viewer on a phone-sized screen, on the show page. */
async function openViewer(showId: string) {
  const context = await newContext(running.browser, running.platform.baseUrl, phoneViewport);
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(`/shows/${showId}`);
  return { context, page, errors, player: page.getByTestId('show-player') };
}

async function waitForPreview(page: Page): Promise<void> {
  await expect
    .poll(() => page.getByTestId('studio-preview').evaluate((video) => (video as HTMLVideoElement).videoWidth))
    .toBeGreaterThan(0);
}

async function goLive(page: Page): Promise<void> {
  await page.getByTestId('go-live').click();
  await page.getByTestId('go-live-confirm').click();
}

describe('go live from the browser', () => {
  it('host goes live from the studio, a viewer watches live, the host ends, the viewer plays the replay', {
    timeout: 120_000,
  }, async () => {
    const { showId } = running.platform.demo;

    // --- Viewer opens the show page while it is still upcoming --------------------------------------------
    const viewer = await openViewer(showId);
    await expect.poll(() => viewer.player.getAttribute('data-state')).toBe('upcoming');
    await viewer.page.getByTestId('countdown').waitFor();

    // --- Host: console show detail -> Open studio -----------------------------------------------------------
    const host = await hostContext.newPage();
    const hostErrors = watchPageErrors(host);
    await signInThroughForm(host, running.platform.demo.accounts.host, running.platform.demo.password, '/console');
    await host.waitForURL(/\/console\/[^/]+\//);
    brandId = /\/console\/([^/]+)\//.exec(host.url())![1]!;
    await host.goto(`/console/${brandId}/shows/${showId}`);
    await host.getByTestId('open-studio').click();
    await host.waitForURL(`**/studio/${brandId}/${showId}`);

    const studio = host.getByTestId('studio');
    await studio.waitFor();
    // Preview from the fake camera, both devices listed, the microphone meter moving (the fake mic beeps).
    await waitForPreview(host);
    expect(await host.getByTestId('camera-select').locator('option').count()).toBeGreaterThan(0);
    expect(await host.getByTestId('microphone-select').locator('option').count()).toBeGreaterThan(0);
    await expect
      .poll(async () => Number(await host.getByTestId('mic-level').getAttribute('data-level')), { timeout: 10_000 })
      .toBeGreaterThan(5);
    expect(await host.getByTestId('live-indicator').getAttribute('data-phase')).toBe('idle');
    // the flash-sale panel sits in the studio: the host starts sales and watches them without leaving the camera
    await expect.poll(() => host.getByTestId('start-sale').isVisible(), { timeout: 10_000 }).toBe(true);
    await screenshotsAtBothSizes(host, 'studio-ready');

    // --- Go live (with confirmation) -------------------------------------------------------------------------
    const clickedGoLive = Date.now();
    await goLive(host);
    await expect.poll(() => studio.getAttribute('data-phase'), { timeout: 20_000 }).toBe('live');
    await host.getByTestId('live-elapsed').waitFor();

    // The viewer's page switches to live by itself and plays.
    await expect.poll(() => viewer.player.getAttribute('data-state'), { timeout: 20_000 }).toBe('live');
    await viewer.page.getByTestId('live-badge').waitFor({ state: 'visible' });
    await expect.poll(async () => (await playback(viewer.page)).frames, { timeout: 20_000 }).toBeGreaterThan(0);
    const firstFrameMs = Date.now() - clickedGoLive;
    await expectPlaying(viewer.page);
    await screenshotsAtBothSizes(viewer.page, 'viewer-live');

    // Connection quality from getStats once a few samples exist.
    await expect.poll(() => host.getByTestId('quality-bitrate').textContent(), { timeout: 10_000 }).toMatch(/Mbit\/s/);
    expect(await host.getByTestId('quality-resolution').textContent()).toMatch(/\d+×\d+/);
    await screenshotsAtBothSizes(host, 'studio-live');

    // A second studio tab cannot take over a live show: the host is told what to do.
    const secondTab = await hostContext.newPage();
    await secondTab.goto(host.url());
    await waitForPreview(secondTab);
    await goLive(secondTab);
    await expect
      .poll(() => secondTab.getByTestId('studio-problem').locator('[data-code]').getAttribute('data-code'))
      .toBe('already-live');
    await saveScreenshot(secondTab, 'desktop-studio-already-live');
    await secondTab.close();
    expect(await studio.getAttribute('data-phase')).toBe('live');

    // --- End the show (with confirmation) --------------------------------------------------------------------
    await host.getByTestId('end-show').click();
    await host.getByTestId('end-show-confirm').click();
    await host.getByTestId('studio-ended').waitFor({ timeout: 20_000 });
    // Reopening the studio of an ended show offers no Go live.
    await host.reload();
    await host.getByTestId('studio-ended').waitFor();
    expect(await host.getByTestId('go-live').count()).toBe(0);

    // The viewer sees "ended", then plays the replay from the start.
    await expect.poll(() => viewer.player.getAttribute('data-state'), { timeout: 20_000 }).toBe('ended');
    await screenshotsAtBothSizes(viewer.page, 'viewer-ended');
    await viewer.page.getByTestId('watch-replay').click();
    await expect.poll(() => viewer.player.getAttribute('data-state')).toBe('replay');
    await expectPlaying(viewer.page);
    await saveScreenshot(viewer.page, 'desktop-viewer-replay');

    const publicShow = (await (await viewer.page.request.get(`/api/public/shows/${showId}`)).json()) as {
      show: { status: string; replayUrl: string | null };
    };
    expect(publicShow.show.status).toBe('ENDED');
    expect(publicShow.show.replayUrl).toBe(`/hls/${showId}/index.m3u8`);
    expect(await (await viewer.page.request.get(publicShow.show.replayUrl!)).text()).toContain('#EXT-X-ENDLIST');

    // Uncaught exceptions would mean a broken page; console noise (e.g. a playlist 404 while going live) is not.
    expect(hostErrors.filter((line) => line.startsWith('pageerror'))).toEqual([]);
    expect(viewer.errors.filter((line) => line.startsWith('pageerror'))).toEqual([]);
    console.log(`go-live e2e: first frame at the viewer ${firstFrameMs} ms after clicking Go live`);
    await host.close();
    await viewer.context.close();
  });

  it('after a network drop the studio reconnects by itself and viewers see "reconnecting", then live again', {
    timeout: 90_000,
  }, async () => {
    expect(brandId, 'the first test signs the host in').toBeTruthy();
    // A second show for the same host, created by the brand admin through the API.
    const hostMe = (await (await hostContext.request.get('/api/me')).json()) as { user: { id: string } };
    const adminContext = await newContext(running.browser, running.platform.baseUrl, desktopViewport);
    const signIn = await adminContext.request.post('/api/auth/sign-in', {
      data: { email: running.platform.demo.accounts.admin, password: running.platform.demo.password },
      headers: {
        'x-csrf-token': ((await (await adminContext.request.get('/api/auth/csrf')).json()) as { token: string }).token,
      },
    });
    expect(signIn.ok(), await signIn.text()).toBe(true);
    const { show } = await (await apiAsBrowser(adminContext)).post<{ show: { id: string } }>(
      `/api/brands/${brandId}/shows`,
      {
        title: 'Reconnect rehearsal',
        scheduledStartAt: new Date(Date.now() + 60_000).toISOString(),
        hostId: hostMe.user.id,
      },
    );
    await adminContext.close();

    const host = await hostContext.newPage();
    await host.goto(`/studio/${brandId}/${show.id}`);
    const studio = host.getByTestId('studio');
    await waitForPreview(host);
    await goLive(host);
    await expect.poll(() => studio.getAttribute('data-phase'), { timeout: 20_000 }).toBe('live');

    const viewer = await openViewer(show.id);
    await expect.poll(() => viewer.player.getAttribute('data-state'), { timeout: 20_000 }).toBe('live');
    await expectPlaying(viewer.page);
    // Record every player state, so a short "reconnecting" is not missed between polls.
    await viewer.page.evaluate(() => {
      const seen: string[] = [];
      Object.assign(window, { __playerStates: seen });
      new MutationObserver(() => {
        const state = document.querySelector('[data-testid="show-player"]')?.getAttribute('data-state');
        if (state && seen.at(-1) !== state) seen.push(state);
      }).observe(document.body, { subtree: true, attributes: true, childList: true });
    });

    // The drop: media stops as on a dead network, and the page hears what Chromium reports on one.
    await host.evaluate(() => {
      const pc = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.at(-1)!;
      pc.close();
      Object.defineProperty(pc, 'connectionState', { get: () => 'failed' });
      pc.dispatchEvent(new Event('connectionstatechange'));
    });
    await expect.poll(() => studio.getAttribute('data-phase'), { timeout: 5_000 }).toBe('reconnecting');
    await host.getByTestId('studio-reconnecting').waitFor();
    await saveScreenshot(host, 'desktop-studio-reconnecting');

    // Back by itself; the viewer saw "reconnecting" and is live again, playing.
    await expect.poll(() => studio.getAttribute('data-phase'), { timeout: 25_000 }).toBe('live');
    await expect.poll(() => viewer.player.getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
    expect(
      await viewer.page.evaluate(() => (window as unknown as { __playerStates: string[] }).__playerStates),
    ).toContain('reconnecting');
    await expectPlaying(viewer.page);

    await host.getByTestId('end-show').click();
    await host.getByTestId('end-show-confirm').click();
    await host.getByTestId('studio-ended').waitFor({ timeout: 20_000 });
    await expect.poll(() => viewer.player.getAttribute('data-state'), { timeout: 20_000 }).toBe('ended');
    expect(viewer.errors.filter((line) => line.startsWith('pageerror'))).toEqual([]);
    await host.close();
    await viewer.context.close();
  });
});
