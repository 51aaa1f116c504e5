import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedChromium } from '../test-support/chromium';
import { engineOptions, ingestEngines } from '../test-support/ingest-engines';
import { startMediaTestServer, waitFor, type MediaTestServer } from '../test-support/media-test-server';

// Bad input on the WHIP surface, each answered with a stable JSON error code, the same on every engine.
describe.each(ingestEngines)('WHIP errors on %s', (engineName) => {
  let server: MediaTestServer;
  let browser: LaunchedChromium;
  let page: Page;
  let chromiumOffer: string;

  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${server.baseUrl}/api/media/whip`, { method: 'POST', body, headers });
  const sdpHeaders = (token: string) => ({ 'Content-Type': 'application/sdp', Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    server = await startMediaTestServer(engineOptions(engineName));
    await server.media.engineReady();
    server.auth.grant('good-key', 'show-errors').grant('ended-key', 'show-ended', false);
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.goto(`${server.baseUrl}/test/publisher.html`);
    chromiumOffer = await page.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
      const pc = new RTCPeerConnection();
      for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: 'sendonly' });
      const offer = await pc.createOffer();
      pc.close();
      return offer.sdp!;
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('rejects a missing or wrong key with 401 UNAUTHORIZED', async () => {
    const missing = await post(chromiumOffer, { 'Content-Type': 'application/sdp' });
    expect(missing.status).toBe(401);
    expect((await missing.json()).error.code).toBe('UNAUTHORIZED');
    const wrong = await post(chromiumOffer, sdpHeaders('rotated-key'));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
  });

  it('rejects a malformed offer with 400 INVALID_SDP and a reason', async () => {
    const garbage = await post('this is not an SDP offer', sdpHeaders('good-key'));
    expect(garbage.status).toBe(400);
    const body = await garbage.json();
    expect(body.error.code).toBe('INVALID_SDP');
    expect(body.error.message).toMatch(/v=0/);
    const noH264 = chromiumOffer
      .split('\r\n')
      .filter((line) => !/H264/i.test(line))
      .join('\r\n');
    const unsupported = await post(noH264, sdpHeaders('good-key'));
    expect(unsupported.status).toBe(400);
    expect((await unsupported.json()).error.message).toMatch(/H\.264/);
    expect(server.media.health().activeStreams).toBe(0);
  });

  it('rejects a wrong content type with 415 and an ended show with 409 SHOW_NOT_LIVE_ABLE', async () => {
    const json = await post('{}', { 'Content-Type': 'application/json', Authorization: 'Bearer good-key' });
    expect(json.status).toBe(415);
    expect((await json.json()).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const ended = await post(chromiumOffer, sdpHeaders('ended-key'));
    expect(ended.status).toBe(409);
    expect((await ended.json()).error.code).toBe('SHOW_NOT_LIVE_ABLE');
  });

  it('refuses a second publisher on a live show with 409 SHOW_ALREADY_LIVE', async () => {
    expect(await page.evaluate(() => (window as any).startPublishing('good-key'))).toEqual({ ok: true });
    await waitFor(() => server.events.find((e) => e.name === 'stream:live'), 10_000, 'stream:live');
    const second = await browser.context.newPage();
    await second.goto(`${server.baseUrl}/test/publisher.html`);
    const result = await second.evaluate(() => (window as any).startPublishing('good-key'));
    expect(result).toMatchObject({ ok: false, status: 409, code: 'SHOW_ALREADY_LIVE' });
    await second.close();
    expect(server.media.health().activeStreams).toBe(1);
    expect(server.events.filter((e) => e.name !== 'stream:live')).toEqual([]);
  });

  it('answers PATCH with 405 and unknown or unauthorized DELETEs with 404/401', async () => {
    const url = `${server.baseUrl}/api/media/whip/sessions/00000000-0000-4000-8000-000000000000`;
    const patch = await fetch(url, {
      method: 'PATCH',
      body: 'a=end-of-candidates',
      headers: { 'Content-Type': 'application/trickle-ice-sdpfrag' },
    });
    expect(patch.status).toBe(405);
    const unknown = await fetch(url, { method: 'DELETE', headers: { Authorization: 'Bearer good-key' } });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('SESSION_NOT_FOUND');
    const unauthorized = await fetch(url, { method: 'DELETE', headers: { Authorization: 'Bearer nope' } });
    expect(unauthorized.status).toBe(401);
    expect(server.media.health().activeStreams).toBe(1);
  });
});
