// Issue 11, defect 4: the router decodes `/%61pi/…` to `/api/…`, so every hook must judge that same path. Each
// variant of an API path (percent-encoding, letter case, `//`, dot segments, trailing slash) is sent over a real
// socket to each hook: CSRF, the session lookup, rate limits, and the web/API split.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication, type Application } from '../../server/app';
import { demoAccounts, startTestApplication, type TestApplication } from '../../infra/test-support/test-application';
import { cookieHeader, rawRequest } from './support/raw-http';

let t: TestApplication;
let port: number;
beforeAll(async () => {
  t = await startTestApplication();
  await t.app.http.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.http.server.address() as { port: number }).port;
});
afterAll(async () => t?.close());

const variants = (path: string): string[] => [
  path.replace('/api/', '/%61pi/'),
  path.replace('/api/', '/%61%70%69/'),
  path.replace('/api/auth/', '/api/%61uth/'),
  path.replace('/api/', '/API/'),
  path.replace('/api/', '//api/'),
  path.replace('/api/', '/api//'),
  path.replace('/api/', '/x/../api/'),
  path.replace('/api/', '/./api/'),
  path.replace('/api/', '/api/%2e/'),
  path.replace('/api/', '/x/%2E%2E/api/'),
  `${path}/`,
];

describe('one canonical path for every hook', () => {
  it('checks CSRF on every spelling of sign-out and sign-up: no token, no effect', async () => {
    const viewer = await t.signedIn(demoAccounts.viewer);
    const users = await t.database.db.user.count();
    for (const [index, path] of [...variants('/api/auth/sign-out'), ...variants('/api/auth/sign-up')].entries()) {
      const body = JSON.stringify({ email: `csrf-${index}@example.com`, password: 'long enough 1', name: 'Eve' });
      const response = await rawRequest(
        port,
        'POST',
        path,
        { cookie: `lc_session=${viewer.cookies.get('lc_session')}` },
        body,
      );
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
      expect(response.headers['set-cookie'] ?? [], path).not.toEqual(
        expect.arrayContaining([expect.stringMatching(/^lc_session=;/)]),
      );
    }
    expect((await viewer.get('/api/me')).statusCode).toBe(200);
    expect(await t.database.db.user.count()).toBe(users);
  });

  it('refuses the encoded spelling with CSRF_FAILED, like the plain one', async () => {
    const plain = await rawRequest(port, 'POST', '/api/auth/sign-out', {}, '{}');
    const encoded = await rawRequest(port, 'POST', '/%61pi/auth/sign-out', {}, '{}');
    expect(plain.json().error?.code).toBe('CSRF_FAILED');
    expect(encoded.status).toBe(403);
    expect(encoded.json().error?.code).toBe('CSRF_FAILED');
  });

  it('looks up the session on every spelling that reaches a route', async () => {
    const viewer = await t.signedIn(demoAccounts.viewer);
    const cookie = cookieHeader(viewer.cookies);
    for (const path of variants('/api/me').filter((p) => !p.endsWith('/') && !p.startsWith('/API'))) {
      const response = await rawRequest(port, 'GET', path, { cookie });
      expect(response.status, path).toBe(200);
      expect(response.json().user, path).toMatchObject({ email: demoAccounts.viewer });
    }
  });

  it('counts every spelling of sign-in against the same rate limit', async () => {
    // A different email each time: the per-account lock must not be what answers 429 here.
    const signIn = (path: string, attempt: number) =>
      t
        .client()
        .get('/api/auth/csrf')
        .then(async (csrf) => {
          const token = csrf.json().token as string;
          return rawRequest(
            port,
            'POST',
            path,
            { cookie: `lc_csrf=${token}`, 'x-csrf-token': token },
            JSON.stringify({ email: `nobody-${attempt}@example.com`, password: 'wrong password' }),
          );
        });
    const spellings = variants('/api/auth/sign-in').filter((p) => !p.endsWith('/') && !p.startsWith('/API'));
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) statuses.push((await signIn(spellings[i % spellings.length]!, i)).status);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(4);
  });

  it('answers a malformed escape or a control character in the path with our error shape', async () => {
    for (const path of [
      '/api/public/shows/%ZZ',
      '/%ZZ',
      '/api/public/shows/%00',
      '/shows/%00',
      '/api/public/shows?q=%00',
      '/api/me/%1F',
      '/api/%7F',
    ]) {
      const response = await rawRequest(port, 'GET', path);
      expect(response.status, path).toBe(400);
      expect(response.json().error?.code, path).toBe('BAD_PATH');
      expect(response.body, path).not.toMatch(/FST_|statusCode/);
    }
  });
});

describe('the web/API split', () => {
  let app: Application;
  let webPort: number;
  const seen: string[] = [];
  beforeAll(async () => {
    app = await createApplication({
      config: { mode: 'embedded', publicBaseUrl: 'http://localhost:3000', port: 3000 },
      db: t.database.db,
      storage: { put: async () => {}, open: async () => null, urlFor: (key) => `/uploads/${key}` },
      sessionSecret: 'test-session-secret-that-is-long-enough-0123',
      // A probe in place of Next.js: it records what the pages would have been handed.
      web: async (request, response) => {
        seen.push(request.url ?? '');
        response.end('page');
      },
    });
    await app.http.listen({ host: '127.0.0.1', port: 0 });
    webPort = (app.http.server.address() as { port: number }).port;
  });
  afterAll(async () => app?.close());

  it('never hands an API path, however spelled, to the pages, and pages get the canonical path', async () => {
    for (const path of [...variants('/api/auth/sign-out'), '/API/me', '/Api/does-not-exist']) {
      const response = await rawRequest(webPort, 'POST', path, {}, '{}');
      expect(response.body, path).not.toBe('page');
      expect(response.json().error?.code, path).toMatch(/^(CSRF_FAILED|NOT_FOUND)$/);
    }
    expect(seen).toEqual([]);
    await rawRequest(webPort, 'GET', '/shows/%61b//x/../c');
    expect(seen).toEqual(['/shows/ab/c']);
  });
});
