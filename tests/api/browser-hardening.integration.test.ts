// Issue 11, hardening (defect 9): mutations from another site's page are refused by their Origin; event streams
// are capped per user; pages carry a Content-Security-Policy that forbids framing.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoAccounts,
  startTestApplication,
  type TestApplication,
  type TestClient,
} from '../../infra/test-support/test-application';
import { maxStreamsPerUser } from '../../server/announcements/inbox-routes';
import { pageSecurityHeaders } from '../../server/http/page-security-headers';
import { cookieHeader } from './support/raw-http';

let t: TestApplication;
let admin: TestClient;
let port: number;
beforeAll(async () => {
  t = await startTestApplication();
  admin = await t.signedIn(demoAccounts.admin);
  await t.app.http.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.http.server.address() as { port: number }).port;
});
afterAll(async () => t?.close());

describe('Origin on mutations', () => {
  const create = (origin: string | undefined, host = 'localhost:3000') =>
    admin.request(
      'POST',
      `/api/brands/${t.demo.brandId}/tags`,
      { name: `tag-${Math.random().toString(36).slice(2, 8)}` },
      { host, ...(origin !== undefined ? { origin } : {}) },
    );

  it('refuses a cross-site Origin with 403 CROSS_ORIGIN even with a valid CSRF token, and writes nothing', async () => {
    const before = await t.database.db.tag.count();
    for (const origin of [
      'https://evil.example',
      'http://localhost:3000.evil.example',
      'http://localhost:3001',
      'null',
      'not a url',
    ]) {
      const response = await create(origin);
      expect(response.statusCode, origin).toBe(403);
      expect(response.json().error.code, origin).toBe('CROSS_ORIGIN');
    }
    // Sign-out too: a cross-site form must not log anyone out.
    const signOut = await admin.request('POST', '/api/auth/sign-out', {}, { origin: 'https://evil.example' });
    expect(signOut.statusCode).toBe(403);
    expect((await admin.get('/api/me')).statusCode).toBe(200);
    expect(await t.database.db.tag.count()).toBe(before);
  });

  it('accepts the same origin, PUBLIC_BASE_URL, and a request without Origin', async () => {
    expect((await create('http://localhost:3000')).statusCode).toBe(201);
    expect((await create('http://shop.example:8080', 'shop.example:8080')).statusCode).toBe(201);
    expect((await create(undefined)).statusCode).toBe(201);
  });
});

describe('event streams per user', () => {
  const open = (cookie: string) =>
    new Promise<{ status: number; request: http.ClientRequest }>((resolve, reject) => {
      const request = http.get(
        { host: '127.0.0.1', port, path: '/api/me/inbox/events', headers: { cookie } },
        (response) => {
          if (response.statusCode !== 200) {
            response.resume();
            return resolve({ status: response.statusCode ?? 0, request });
          }
          response.once('data', () => resolve({ status: 200, request }));
        },
      );
      request.on('error', reject);
    });

  it(`allows ${maxStreamsPerUser} streams per user, refuses the next with 429, and frees a slot when one closes`, async () => {
    const viewer = cookieHeader((await t.signedIn(demoAccounts.viewer)).cookies);
    const streams = [];
    for (let i = 0; i < maxStreamsPerUser; i++) streams.push(await open(viewer));
    expect(streams.map((stream) => stream.status)).toEqual(Array(maxStreamsPerUser).fill(200));
    expect((await open(viewer)).status).toBe(429);
    // Someone else is not affected.
    const other = await open(cookieHeader((await t.signedIn(demoAccounts.host)).cookies));
    expect(other.status).toBe(200);
    other.request.destroy();

    streams.pop()!.request.destroy();
    let reopened = await open(viewer);
    for (let attempt = 0; reopened.status !== 200 && attempt < 50; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      reopened = await open(viewer);
    }
    expect(reopened.status).toBe(200);
    for (const stream of [...streams, reopened]) stream.request.destroy();
  });
});

describe('page security headers', () => {
  it('forbid framing and foreign scripts, and allow Stripe only where it is configured', () => {
    const plain = pageSecurityHeaders({ stripe: false, dev: false });
    expect(plain['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(plain['content-security-policy']).toMatch(/media-src 'self' blob:/);
    expect(plain['content-security-policy']).not.toMatch(/stripe|unsafe-eval/);
    expect(plain['x-frame-options']).toBe('DENY');
    const withStripe = pageSecurityHeaders({ stripe: true, dev: false })['content-security-policy'];
    expect(withStripe).toMatch(/script-src [^;]*https:\/\/js\.stripe\.com/);
    expect(withStripe).toMatch(/frame-src [^;]*https:\/\/js\.stripe\.com/);
  });
});
