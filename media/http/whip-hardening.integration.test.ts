// Issue 11, defect 8 (WHIP): a body over 64 KB answered 500 (even without a key), the engine's own exception text
// reached the client, and stream keys could be guessed without limit.
import { afterEach, describe, expect, it } from 'vitest';
import { startMediaTestServer, type MediaTestServer } from '../test-support/media-test-server';

const offer = (extra: string[] = []) =>
  [
    'v=0',
    'o=- 1 1 IN IP4 0.0.0.0',
    's=-',
    't=0 0',
    'm=video 9 UDP/TLS/RTP/SAVPF 96',
    'a=rtpmap:96 H264/90000',
    'a=fingerprint:sha-256 AA',
    'a=ice-ufrag:abcd',
    'a=sendonly',
    ...extra,
    '',
  ].join('\r\n');

let server: MediaTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const post = (body: string, key?: string) =>
  fetch(`${server!.baseUrl}/api/media/whip`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/sdp', ...(key ? { authorization: `Bearer ${key}` } : {}) },
  });

describe('WHIP edge', () => {
  it('answers an offer over 64 KB with 413 PAYLOAD_TOO_LARGE, with or without a key', async () => {
    server = await startMediaTestServer();
    server.auth.grant('good-key', 'show-big');
    const big = `v=0\r\n${'a=x\r\n'.repeat(20_000)}`;
    for (const key of [undefined, 'good-key', 'wrong-key']) {
      const response = await post(big, key);
      expect(response.status, String(key)).toBe(413);
      expect(await response.json(), String(key)).toEqual({
        error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) },
      });
    }
  });

  it('never echoes the engine parser text for offers that pass the shape check but not the engine', async () => {
    server = await startMediaTestServer();
    server.auth.grant('good-key', 'show-bad-offers');
    // werift throws on each of these with its own words ("mid not assigned").
    const offers = [
      offer(),
      offer(['a=ssrc:abc', 'a=rtcp-fb:96']),
      offer(['m=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=rtpmap:111 opus/48000/2']),
    ];
    for (const body of offers) {
      const response = await post(body, 'good-key');
      const text = await response.text();
      expect(response.status, text).toBeGreaterThanOrEqual(400);
      expect(response.status, text).toBeLessThan(500);
      expect(text).not.toMatch(/mid not assigned|Cannot read|undefined|TypeError|at .*\.(js|ts):\d+/);
      expect(JSON.parse(text).error.code).toBe('INVALID_SDP');
    }
    expect(server.media.health().activeStreams).toBe(0);
  });

  it('blocks an address after 20 wrong keys, even for the right key, with 429 RATE_LIMITED', async () => {
    server = await startMediaTestServer();
    server.auth.grant('good-key', 'show-guessed');
    for (let attempt = 0; attempt < 20; attempt++) expect((await post(offer(), `guess-${attempt}`)).status).toBe(401);
    const blocked = await post(offer(), 'good-key');
    expect(blocked.status).toBe(429);
    expect((await blocked.json()).error.code).toBe('RATE_LIMITED');
    const deleting = await fetch(`${server.baseUrl}/api/media/whip/sessions/00000000-0000-4000-8000-000000000000`, {
      method: 'DELETE',
      headers: { authorization: 'Bearer guess' },
    });
    expect(deleting.status).toBe(429);
  });
});
