// Phone-first show room, end to end on 127.0.0.1 in Chromium at 390x844: the host goes live from a phone-sized
// studio in portrait (Chromium's fake camera asked for 720x1280), switches cameras while live (replaceTrack, no
// renegotiation); a signed-in viewer on a phone gets the full-screen player with the room over it, buys from a
// pinned card while the video keeps playing, browses the bag and a product's details in the mini-player; ffprobe
// reads real HLS segments of the show (live and replay) as portrait with no rotation. A desktop viewer at 1366x800
// keeps the page layout. Screenshots of every state land in test-results/screenshots.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePlaylist } from '../../media/packager/hls-playlist';
import { apiAsBrowser } from './support/api-as-browser';
import { fakeMediaArgs, newContext, saveScreenshot, watchPageErrors } from './support/browser';
import { playback } from './support/player';
import { usePlatformAndBrowser } from './support/running-platform';
import { signInThroughForm } from './support/sign-in';

const running = usePlatformAndBrowser({ platform: { env: { MEDIA_LOOPBACK_ONLY: '1' } }, browserArgs: fakeMediaArgs });
const phone = { width: 390, height: 844 };
const desktop = { width: 1366, height: 800 };
const contexts: BrowserContext[] = [];
const workDir = mkdtemp(path.join(os.tmpdir(), 'livecart-phone-e2e-'));
afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close().catch(() => {})));
  await rm(await workDir, { recursive: true, force: true });
});

async function openContext(viewport: { width: number; height: number }): Promise<BrowserContext> {
  const context = await newContext(running.browser, running.platform.baseUrl, viewport);
  contexts.push(context);
  return context;
}

/** The video's time advances by more than `seconds` (a stall or recovery resets the baseline). */
async function expectAdvancing(page: Page, seconds = 0.5): Promise<void> {
  let base = await playback(page);
  await expect
    .poll(
      async () => {
        const now = await playback(page);
        if (now.time < base.time) base = now;
        return now.time - base.time > seconds;
      },
      { timeout: 20_000, interval: 300 },
    )
    .toBe(true);
}

const videoSize = (page: Page) =>
  page.getByTestId('player-video').evaluate((element) => ({
    width: (element as HTMLVideoElement).videoWidth,
    height: (element as HTMLVideoElement).videoHeight,
  }));

interface ProbedStream {
  codec_type: string;
  width?: number;
  height?: number;
  side_data_list?: { side_data_type: string; rotation?: number }[];
  tags?: Record<string, string>;
}

/** ffprobe of one HLS segment fetched over HTTP, as any player gets it (an fMP4 segment after its init segment). */
async function probeSegment(page: Page, segment: HlsSegmentUrl): Promise<ProbedStream> {
  const file = path.join(await workDir, `${path.basename(segment.url).replace(/\W/g, '_')}.mp4`);
  const bodies = await Promise.all(
    [segment.init, segment.url].map(async (url) => (url ? (await page.request.get(url)).body() : Buffer.alloc(0))),
  );
  await writeFile(file, Buffer.concat(bodies));
  const { stdout } = await promisify(execFile)('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', file]);
  const video = (JSON.parse(stdout) as { streams: ProbedStream[] }).streams.find(
    (stream) => stream.codec_type === 'video',
  );
  if (!video) throw new Error(`no video stream in ${segment.url}`);
  return video;
}

interface HlsSegmentUrl {
  url: string;
  /** EXT-X-MAP: the init segment it needs. */
  init: string | null;
}

async function segmentsOf(page: Page, playlistUrl: string): Promise<HlsSegmentUrl[]> {
  const base = new URL(playlistUrl, running.platform.baseUrl);
  const resolve = (uri: string) => new URL(uri, base).pathname;
  const { segments } = parsePlaylist(await (await page.request.get(playlistUrl)).text());
  return segments.map((segment) => ({ url: resolve(segment.uri), init: segment.map ? resolve(segment.map) : null }));
}

function expectPortraitWithoutRotation(stream: ProbedStream): void {
  expect(stream.width).toBe(720);
  expect(stream.height).toBe(1280);
  expect(
    stream.side_data_list?.filter((entry) => entry.side_data_type === 'Display Matrix' && entry.rotation) ?? [],
  ).toEqual([]);
  expect(stream.tags?.rotate).toBeUndefined();
}

describe('phone-first show room', () => {
  it('portrait live from a phone studio to an immersive phone viewer, with buying, the bag, the mini-player and portrait HLS', {
    timeout: 240_000,
  }, async () => {
    const { showId, accounts, password } = running.platform.demo;

    // --- Host on a phone: the studio defaults to portrait and fills the screen ---------------------------------
    const hostContext = await openContext(phone);
    await hostContext.grantPermissions(['camera', 'microphone']);
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
    const host = await hostContext.newPage();
    const hostErrors = watchPageErrors(host);
    const offers: string[] = [];
    host.on('request', (request) => {
      if (request.method() === 'POST' && request.headers()['content-type'] === 'application/sdp')
        offers.push(request.postData() ?? '');
    });
    await signInThroughForm(host, accounts.host, password, '/console');
    await host.waitForURL(/\/console\/[^/]+\//);
    const brandId = /\/console\/([^/]+)\//.exec(host.url())![1]!;
    await host.goto(`/studio/${brandId}/${showId}`);
    const studio = host.getByTestId('studio');
    await expect.poll(() => studio.getAttribute('data-layout')).toBe('phone');
    expect(await host.getByTestId('orientation-portrait').getAttribute('aria-checked')).toBe('true');
    const preview = host.getByTestId('studio-preview');
    await expect
      .poll(
        () =>
          preview.evaluate(
            (video) => `${(video as HTMLVideoElement).videoWidth}x${(video as HTMLVideoElement).videoHeight}`,
          ),
        { timeout: 15_000 },
      )
      .toBe('720x1280');
    // The preview is mirrored (front camera), full screen; the track that is sent is the camera's, unflipped.
    expect(await preview.getAttribute('data-mirrored')).toBe('true');
    expect(await preview.evaluate((video) => getComputedStyle(video).transform)).toBe('matrix(-1, 0, 0, 1, 0, 0)');
    const previewBox = (await preview.boundingBox())!;
    expect(previewBox.width).toBeGreaterThanOrEqual(phone.width - 1);
    expect(previewBox.height).toBeGreaterThanOrEqual(phone.height - 1);
    await saveScreenshot(host, 'phone-studio-ready');

    await host.getByTestId('go-live').click();
    await host.getByTestId('go-live-confirm').click();
    await expect.poll(() => studio.getAttribute('data-phase'), { timeout: 30_000 }).toBe('live');
    await host.getByTestId('studio-overlay').getByTestId('live-elapsed').waitFor();
    // A phone held upright sends pixels in portrait, not a rotation flag: the offer carried no video-orientation.
    const senderTrack = () =>
      host.evaluate(() => {
        const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
        const sender = pcs
          .at(-1)!
          .getSenders()
          .find((s) => s.track?.kind === 'video')!;
        return { count: pcs.length, trackId: sender.track!.id, localOffer: pcs.at(-1)!.localDescription?.sdp ?? '' };
      });
    const before = await senderTrack();
    // Chromium offers the extension; the offer sent to the server leaves it out, so it is never negotiated.
    expect(before.localOffer).toContain('urn:3gpp:video-orientation');
    expect(offers.length).toBeGreaterThan(0);
    for (const offer of offers) expect(offer).not.toContain('urn:3gpp:video-orientation');

    // Switching cameras while live swaps the sender's track in place: same peer connection, still live.
    await host.getByTestId('flip-camera').click();
    await expect.poll(async () => (await senderTrack()).trackId, { timeout: 10_000 }).not.toBe(before.trackId);
    expect((await senderTrack()).count).toBe(before.count);
    expect(await studio.getAttribute('data-phase')).toBe('live');

    // --- The brand admin leaves few of the tote, none of the serum: the cards show it (exact only when low) -------
    const adminContext = await openContext(desktop);
    const signIn = await adminContext.request.post('/api/auth/sign-in', {
      data: { email: accounts.admin, password },
      headers: {
        'x-csrf-token': ((await (await adminContext.request.get('/api/auth/csrf')).json()) as { token: string }).token,
      },
    });
    expect(signIn.ok(), await signIn.text()).toBe(true);
    const admin = await apiAsBrowser(adminContext);
    const catalog = (await (await adminContext.request.get(`/api/brands/${brandId}/products?limit=50`)).json()) as {
      items: { id: string; title: string }[];
    };
    const productId = (title: string) => catalog.items.find((item) => item.title === title)!.id;
    await admin.patch(`/api/brands/${brandId}/products/${productId('Aurora Tote Bag')}`, { stock: 3 });
    await admin.patch(`/api/brands/${brandId}/products/${productId('Glow Serum 30 ml')}`, { stock: 0 });
    await adminContext.close();

    // --- Viewer on a phone: the video fills the screen, the room is over it -------------------------------------
    const viewerContext = await openContext(phone);
    await viewerContext.grantPermissions(['clipboard-read', 'clipboard-write']);
    const viewer = await viewerContext.newPage();
    const viewerErrors = watchPageErrors(viewer);
    await signInThroughForm(viewer, accounts.viewer, password, `/shows/${showId}`);
    await viewer.goto(`/shows/${showId}`);
    await expect.poll(() => viewer.getByTestId('show-room').getAttribute('data-layout')).toBe('immersive');
    await expect
      .poll(() => viewer.getByTestId('show-player').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('live');
    await expectAdvancing(viewer);
    await expect.poll(() => videoSize(viewer), { timeout: 15_000 }).toEqual({ width: 720, height: 1280 });
    const videoBox = (await viewer.getByTestId('player-video').boundingBox())!;
    expect(videoBox.height).toBeGreaterThanOrEqual(0.8 * phone.height);
    expect(videoBox.width).toBeGreaterThanOrEqual(phone.width - 1);
    expect(await viewer.getByTestId('player-video').getAttribute('data-fit')).toBe('cover');
    for (const id of [
      'live-badge',
      'viewer-count',
      'follow-button',
      'share-button',
      'chat-input',
      'bag-button',
      'reactions',
    ]) {
      expect(await viewer.getByTestId(id).isVisible(), `${id} is visible over the video`).toBe(true);
    }
    await viewer.getByTestId('chat-input').fill('Hello from a phone');
    await viewer.getByRole('button', { name: 'Send' }).click();
    await viewer.getByTestId('chat-message').filter({ hasText: 'Hello from a phone' }).waitFor();
    // The host sees viewers and the latest chat over the studio preview.
    await host.getByTestId('studio-chat').getByText('Hello from a phone').waitFor();
    expect(
      Number(
        await host
          .getByTestId('studio-viewers')
          .textContent()
          .then((text) => text?.match(/\d+/)?.[0]),
      ),
    ).toBeGreaterThanOrEqual(1);
    await saveScreenshot(host, 'phone-studio-live');

    // Share: the link of the show (copied where the Web Share sheet is not offered, as in headless Chromium).
    await viewer.getByTestId('share-button').click();
    await expect
      .poll(() => viewer.evaluate(() => navigator.clipboard.readText()))
      .toBe(`${running.platform.baseUrl}/shows/${showId}`);

    // --- The host pins a product: it appears over the video with what Buy charges --------------------------------
    const teamContext = await openContext(desktop);
    const team = await teamContext.newPage();
    await signInThroughForm(team, accounts.host, password, `/shows/${showId}`);
    await team.goto(`/shows/${showId}`);
    await team.getByTestId('host-controls').locator('summary').click();
    await team.getByTestId('host-controls').getByLabel('Aurora Tote Bag').click();
    const card = viewer.getByTestId('pinned-card').filter({ hasText: 'Aurora Tote Bag' });
    await card.waitFor();
    // A planned flash price is not what Buy charges today: it reads as upcoming.
    expect(await card.getByTestId('product-price').getAttribute('data-price-state')).toBe('regular');
    expect(await card.getByTestId('upcoming-deal').textContent()).toMatch(/\$59\.00 when the deal starts/);
    expect(await card.getByTestId('buy-button').textContent()).toMatch(/Buy · \$89\.00/);
    expect(await card.getByTestId('product-stock').textContent()).toBe('Only 3 left');
    await saveScreenshot(viewer, 'phone-viewer-live-pinned');
    await teamContext.close();

    // Buy opens the checkout sheet over the playing video.
    await card.getByTestId('buy-button').click();
    const sheet = viewer.getByTestId('checkout-drawer');
    await sheet.waitFor();
    // Our own reservation took one: the card says so at once.
    await expect.poll(() => card.getByTestId('product-stock').textContent()).toBe('Only 2 left');
    const sheetBox = (await sheet.boundingBox())!;
    expect(sheetBox.y).toBeGreaterThan(0.25 * phone.height);
    expect(Math.abs(sheetBox.y + sheetBox.height - phone.height)).toBeLessThanOrEqual(1);
    await expectAdvancing(viewer);
    expect((await playback(viewer)).paused).toBe(false);
    await saveScreenshot(viewer, 'phone-viewer-checkout-sheet');
    await sheet.getByTestId('test-card-number').fill('4242 4242 4242 4242');
    await sheet.getByTestId('pay-button').click();
    await sheet.getByTestId('checkout-paid').waitFor({ timeout: 20_000 });

    // The order opens over the show (an intercepted route); the show keeps playing in the mini-player.
    await sheet.getByTestId('view-order').click();
    await viewer.waitForURL(/\/orders\//);
    await viewer.getByTestId('show-sheet').getByTestId('order-detail').waitFor();
    const holder = viewer.getByTestId('player-holder');
    expect(await holder.getAttribute('data-mini')).toBe('true');
    await expectAdvancing(viewer);
    await saveScreenshot(viewer, 'phone-viewer-order-mini-player');
    await viewer.getByTestId('mini-player-expand').click();
    await viewer.waitForURL(`**/shows/${showId}`);
    await expect.poll(() => holder.getAttribute('data-mini')).toBe('false');
    await sheet.getByRole('button', { name: 'Close' }).click();
    await sheet.waitFor({ state: 'detached' });

    // --- The host starts a flash sale from the phone studio's sheet: the card then shows what Buy charges ---------
    await host.getByTestId('studio-panels-toggle').click();
    await host.getByTestId('studio-panels').getByTestId('start-sale').click();
    await host.getByTestId('sale-stats').first().waitFor();
    await saveScreenshot(host, 'phone-studio-sales-sheet');
    await expect
      .poll(() => card.getByTestId('product-price').getAttribute('data-price-state'), { timeout: 20_000 })
      .toBe('deal');
    expect(await card.getByTestId('product-stock').textContent()).toMatch(/\d+ of 20 left/);
    expect(await card.getByTestId('buy-button').textContent()).toMatch(/Buy · \$59\.00/);
    await saveScreenshot(viewer, 'phone-viewer-flash-deal');
    await host.getByRole('button', { name: 'Back to camera' }).click();

    // --- The bag lists the show's products; a product's details keep the show in the mini-player ----------------
    await viewer.getByTestId('bag-button').click();
    const bag = viewer.getByTestId('bag-sheet');
    await bag.waitFor();
    expect(await bag.getByTestId('show-product-card').count()).toBe(4);
    const serum = bag.getByTestId('show-product-card').filter({ hasText: 'Glow Serum 30 ml' });
    expect(await serum.getByTestId('product-stock').textContent()).toBe('Sold out');
    expect(await serum.getByTestId('buy-button').isDisabled()).toBe(true);
    expect(await serum.getByTestId('buy-button').textContent()).toBe('Sold out');
    const overshirt = bag.getByTestId('show-product-card').filter({ hasText: 'Linen Overshirt' });
    expect(await overshirt.getByTestId('product-stock').textContent()).toBe('In stock');
    await saveScreenshot(viewer, 'phone-viewer-bag');
    await bag.getByTestId('product-details-open').first().click();
    await viewer.getByTestId('product-details').waitFor();
    expect(await holder.getAttribute('data-mini')).toBe('true');
    const mini = (await holder.boundingBox())!;
    expect(mini.width).toBeLessThan(phone.width / 2);
    await expectAdvancing(viewer);
    // Dragged to the left, it stays there and keeps playing.
    await viewer.mouse.move(mini.x + mini.width / 2, mini.y + mini.height / 2);
    await viewer.mouse.down();
    await viewer.mouse.move(mini.x + mini.width / 2 - 150, mini.y + mini.height / 2 + 200, { steps: 5 });
    await viewer.mouse.up();
    const moved = (await holder.boundingBox())!;
    expect(moved.x).toBeLessThan(mini.x - 100);
    expect(moved.y).toBeGreaterThan(mini.y + 100);
    await expectAdvancing(viewer);
    await saveScreenshot(viewer, 'phone-viewer-mini-player');
    await viewer.getByTestId('mini-player-expand').click();
    await expect.poll(() => holder.getAttribute('data-mini')).toBe('false');
    expect((await viewer.getByTestId('player-video').boundingBox())!.height).toBeGreaterThanOrEqual(0.8 * phone.height);

    // A tap on the video hides the overlays; another brings them back.
    await viewer.mouse.click(phone.width / 2, phone.height / 2);
    await expect.poll(() => viewer.getByTestId('show-room').getAttribute('data-overlays')).toBe('hidden');
    await saveScreenshot(viewer, 'phone-viewer-overlays-hidden');
    await viewer.mouse.click(phone.width / 2, phone.height / 2);
    await expect.poll(() => viewer.getByTestId('show-room').getAttribute('data-overlays')).toBe('shown');

    // --- Desktop at 1366x800 keeps the page layout -----------------------------------------------------------
    const wide = await (await openContext(desktop)).newPage();
    await wide.goto(`/shows/${showId}`);
    await expect
      .poll(() => wide.getByTestId('show-player').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('live');
    expect(await wide.getByTestId('show-room').getAttribute('data-layout')).toBeNull();
    await wide.getByTestId('product-rail').waitFor();
    // The desktop rail shows the same stock.
    const wideCard = (title: string) =>
      wide.getByTestId('product-rail').getByTestId('show-product-card').filter({ hasText: title });
    expect(await wideCard('Glow Serum 30 ml').getByTestId('product-stock').textContent()).toBe('Sold out');
    expect(await wideCard('Linen Overshirt').getByTestId('product-stock').textContent()).toBe('In stock');
    await expectAdvancing(wide);
    const wideBox = (await wide.getByTestId('player-video').boundingBox())!;
    // Portrait keeps its shape on a wide screen (no 16:9 box with black bars around a thin picture).
    expect(wideBox.height).toBeGreaterThan(wideBox.width);
    await saveScreenshot(wide, 'desktop-viewer-live-portrait');
    // Fewer pages decoding video for the rest (the machine running this may be small).
    await wide.context().close();

    // --- Portrait survives packaging: ffprobe on real live segments ------------------------------------------
    const live = await segmentsOf(viewer, `/hls/${showId}/index.m3u8`);
    expect(live.length).toBeGreaterThan(0);
    expectPortraitWithoutRotation(await probeSegment(viewer, live.at(-1)!));

    // --- End; the replay is portrait too, full screen on the phone -------------------------------------------
    await host.getByTestId('end-show').click();
    await host.getByTestId('end-show-confirm').click();
    await host.getByTestId('studio-ended').waitFor({ timeout: 20_000 });
    await expect
      .poll(() => viewer.getByTestId('show-player').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('ended');
    await saveScreenshot(viewer, 'phone-viewer-ended');
    const replay = await segmentsOf(viewer, `/hls/${showId}/index.m3u8`);
    expect(replay.length).toBeGreaterThanOrEqual(live.length);
    for (const segment of [replay[0]!, replay.at(-1)!])
      expectPortraitWithoutRotation(await probeSegment(viewer, segment));
    await viewer.getByTestId('watch-replay').click();
    await expectAdvancing(viewer);
    expect(await videoSize(viewer)).toEqual({ width: 720, height: 1280 });
    expect((await viewer.getByTestId('player-video').boundingBox())!.height).toBeGreaterThanOrEqual(0.8 * phone.height);
    await saveScreenshot(viewer, 'phone-viewer-replay');

    expect(hostErrors.filter((line) => line.startsWith('pageerror'))).toEqual([]);
    expect(viewerErrors.filter((line) => line.startsWith('pageerror'))).toEqual([]);
  });
});
