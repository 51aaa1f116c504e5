// Buy in the stream, end to end in embedded mode (test payments, no Stripe): the host goes live with Chromium's
// fake camera and starts a flash sale from the console's sale panel; a viewer watching the live show sees the deal
// (price, countdown, stock bar), buys, pays with the labelled test card in the drawer beside the player — and the
// video keeps playing the whole time; the host's panel shows the unit sold and the revenue; the viewer's order page
// and the mail outbox show the paid order and its receipt. Screenshots in test-results/screenshots.
import { describe, expect, it } from 'vitest';
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

describe('flash sale and checkout in the stream', () => {
  it('host starts a sale, a viewer buys and pays in the drawer while the video keeps playing', {
    timeout: 150_000,
  }, async () => {
    const { showId, accounts, password } = running.platform.demo;

    // --- Host goes live from the studio ---------------------------------------------------------------------
    const hostContext = await newContext(running.browser, running.platform.baseUrl, desktopViewport);
    await hostContext.grantPermissions(['camera', 'microphone']);
    const host = await hostContext.newPage();
    await signInThroughForm(host, accounts.host, password, '/console');
    await host.waitForURL(/\/console\/[^/]+\//);
    const brandId = /\/console\/([^/]+)\//.exec(host.url())![1]!;
    await host.goto(`/studio/${brandId}/${showId}`);
    await expect
      .poll(() => host.getByTestId('studio-preview').evaluate((video) => (video as HTMLVideoElement).videoWidth), {
        timeout: 20_000,
      })
      .toBeGreaterThan(0);
    await host.getByTestId('go-live').click();
    await host.getByTestId('go-live-confirm').click();
    await expect.poll(() => host.getByTestId('studio').getAttribute('data-phase'), { timeout: 30_000 }).toBe('live');

    // --- Viewer watches the live show -------------------------------------------------------------------------
    const viewerContext = await newContext(running.browser, running.platform.baseUrl, desktopViewport);
    // Test payments need nothing from another host: every request the viewer's pages make (show page, player,
    // drawer, orders) goes to the platform; Stripe.js is not fetched (it was, on every show page).
    const elsewhere: string[] = [];
    const platformOrigin = new URL(running.platform.baseUrl).origin;
    viewerContext.on('request', (request) => {
      const url = new URL(request.url());
      if (/^(https?|wss?):$/.test(url.protocol) && url.origin !== platformOrigin) elsewhere.push(request.url());
    });
    const viewer = await viewerContext.newPage();
    const viewerErrors = watchPageErrors(viewer);
    await signInThroughForm(viewer, accounts.viewer, password, `/shows/${showId}`);
    await viewer.goto(`/shows/${showId}`);
    await expect
      .poll(() => viewer.getByTestId('show-player').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('live');
    await expect.poll(async () => (await playback(viewer)).time, { timeout: 30_000 }).toBeGreaterThan(0.5);

    // --- Host starts a flash sale from the sale panel (defaults come from the show product's flash settings) ----
    const panel = await hostContext.newPage();
    await panel.goto(`/console/${brandId}/shows/${showId}/sales`);
    await panel.getByTestId('sale-panel').waitFor();
    await panel.getByTestId('start-sale').click();
    const stats = panel.getByTestId('sale-stats').first();
    await stats.waitFor();

    // --- The viewer sees the deal and buys --------------------------------------------------------------------
    const deal = viewer.getByTestId('flash-sale');
    await deal.waitFor({ timeout: 15_000 });
    await expect.poll(() => viewer.getByTestId('units-left').first().textContent()).toBe('20 of 20 left');
    const buyBox = viewer.getByTestId('buy-box').filter({ has: deal });
    await buyBox.getByTestId('buy-button').click();
    const drawer = viewer.getByTestId('checkout-drawer');
    await drawer.waitFor();
    await drawer.getByTestId('test-card-form').waitFor();
    expect(await drawer.textContent()).toMatch(/Test payment — no real money/);
    await expect.poll(() => viewer.getByTestId('units-left').first().textContent()).toBe('19 of 20 left');

    // The drawer sits beside the player on desktop: no overlap, and the video keeps playing while paying.
    const videoBox = (await viewer.getByTestId('player-video').boundingBox())!;
    const drawerBox = (await drawer.boundingBox())!;
    expect(drawerBox.x).toBeGreaterThanOrEqual(videoBox.x + videoBox.width - 1);
    const before = await playback(viewer);
    await saveScreenshot(viewer, 'desktop-checkout-drawer');

    await drawer.getByTestId('test-card-number').fill('4000 0000 0000 0002');
    await drawer.getByTestId('pay-button').click();
    await expect.poll(() => drawer.getByTestId('payment-error').textContent()).toMatch(/declined/);
    await drawer.getByTestId('test-card-number').fill('4242 4242 4242 4242');
    await drawer.getByTestId('pay-button').click();
    await drawer.getByTestId('checkout-paid').waitFor({ timeout: 20_000 });

    const after = await playback(viewer);
    expect(after.paused).toBe(false);
    expect(after.time).toBeGreaterThan(before.time);
    // On a quiet machine paying takes under a second of video: keep the drawer open and see the video go on
    // more than a second past where it was when the drawer opened.
    await expect.poll(async () => (await playback(viewer)).time, { timeout: 15_000 }).toBeGreaterThan(before.time + 1);
    expect(await drawer.isVisible()).toBe(true);
    expect((await playback(viewer)).paused).toBe(false);
    await saveScreenshot(viewer, 'desktop-checkout-paid');

    // --- Host sees the unit sold and the revenue live -----------------------------------------------------------
    await expect.poll(() => stats.getByTestId('units-sold').textContent(), { timeout: 10_000 }).toBe('1');
    expect(await stats.getByTestId('revenue').textContent()).toMatch(/59\.00/);
    await saveScreenshot(panel, 'desktop-host-sale-panel');

    // --- Order page, history and receipt in the outbox ---------------------------------------------------------
    const orders = await viewerContext.newPage();
    await orders.goto('/orders');
    await orders.getByTestId('my-orders').locator('li').first().waitFor();
    expect(await orders.getByTestId('order-status').first().getAttribute('data-status')).toBe('PAID');
    await orders.getByTestId('my-orders').locator('a').first().click();
    await orders.getByTestId('order-detail').waitFor();
    await orders.goto('/outbox');
    await orders.getByTestId('outbox').locator('li').first().waitFor();
    expect(await orders.getByTestId('outbox').textContent()).toMatch(/order is paid/);

    // --- On a phone the drawer is a bottom sheet over the full-screen video, which keeps playing above it ---------
    const phoneContext = await newContext(running.browser, running.platform.baseUrl, phoneViewport);
    const phone = await phoneContext.newPage();
    await signInThroughForm(phone, accounts.moderator, password, `/shows/${showId}`);
    await phone.goto(`/shows/${showId}`);
    await expect.poll(async () => (await playback(phone)).time, { timeout: 30_000 }).toBeGreaterThan(0.5);
    // The show's products are in the bag over the video; Buy closes the bag and opens the checkout sheet.
    await phone.getByTestId('bag-button').click();
    const regular = phone
      .getByTestId('bag-sheet')
      .getByTestId('buy-box')
      .filter({ hasNot: phone.getByTestId('flash-sale') })
      .first();
    await regular.getByTestId('buy-button').click();
    const sheet = phone.getByTestId('checkout-drawer');
    await sheet.waitFor();
    // A bottom sheet: the full width of the phone, down to the bottom of the screen, and this landscape video moves
    // up into the space above it, whole and playing.
    const sheetBox = (await sheet.boundingBox())!;
    const playerBox = (await phone.getByTestId('show-player').boundingBox())!;
    expect(playerBox.y).toBeGreaterThanOrEqual(0);
    expect(playerBox.height).toBeGreaterThan(150);
    expect(playerBox.y + playerBox.height).toBeLessThanOrEqual(sheetBox.y + 1);
    expect(sheetBox.x).toBeGreaterThanOrEqual(0);
    expect(sheetBox.x).toBeLessThanOrEqual(1);
    expect(sheetBox.x + sheetBox.width).toBeLessThanOrEqual(phoneViewport.width);
    expect(sheetBox.x + sheetBox.width).toBeGreaterThanOrEqual(phoneViewport.width - 1);
    expect(Math.abs(sheetBox.y + sheetBox.height - phoneViewport.height)).toBeLessThanOrEqual(1);
    // Playing on: its time moves on (polled, so a short stall on a loaded machine is not a failure).
    const phoneBefore = await playback(phone);
    await expect
      .poll(async () => (await playback(phone)).time, { timeout: 20_000 })
      .toBeGreaterThan(phoneBefore.time + 0.5);
    await saveScreenshot(phone, 'phone-checkout-drawer');

    expect(viewerErrors.filter((line) => !/favicon|Failed to load resource/.test(line))).toEqual([]);
    expect(elsewhere).toEqual([]);
    await host.getByTestId('end-show').click();
    await host.getByTestId('end-show-confirm').click();
  });
});
