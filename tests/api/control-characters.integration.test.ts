// Issue 11, defect 8 and hardening: U+0000 gave 500 (PostgreSQL refuses it and fails the statement), other control
// characters were stored, and a title could be made only of invisible characters. The class: every user text
// field of every body and query refuses them with 400, and every route, walked from the router's own table, answers
// a control character in any path parameter with a 4xx, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoAccounts,
  startTestApplication,
  type TestApplication,
  type TestClient,
} from '../../infra/test-support/test-application';

let t: TestApplication;
let admin: TestClient;
let b: string;
let s: string;
let p: string;
beforeAll(async () => {
  t = await startTestApplication();
  admin = await t.signedIn(demoAccounts.admin);
  b = t.demo.brandId;
  s = t.demo.showId;
  p = (await t.database.db.product.findFirstOrThrow({ where: { brandId: b } })).id;
});
afterAll(async () => t?.close());

const controls = ['\u0000', '\u0007', '\u001B', '\u007F', '\u0085', '\u009B'];
const invisibleOnly = ['\u200B\u200B', '\u3164', ' \u2060 ', '\u00AD'];

// [label, method, url, a valid body, the text fields in it, whether each must hold visible text]
const bodies = (): Array<[string, 'POST' | 'PATCH', string, Record<string, unknown>, Array<[string, boolean]>]> => [
  [
    'sign-up',
    'POST',
    '/api/auth/sign-up',
    { email: 'cc@example.com', password: 'long enough 1', name: 'Ann' },
    [['name', true]],
  ],
  [
    'product',
    'POST',
    `/api/brands/${b}/products`,
    { title: 'Mug', priceMinor: 100, stock: 1, description: 'Nice', category: 'home' },
    [
      ['title', true],
      ['description', false],
      ['category', false],
    ],
  ],
  [
    'product patch',
    'PATCH',
    `/api/brands/${b}/products/${p}`,
    { title: 'Mug', description: 'Nice' },
    [
      ['title', true],
      ['description', false],
    ],
  ],
  [
    'show',
    'POST',
    `/api/brands/${b}/shows`,
    { title: 'Live', scheduledStartAt: '2030-01-01T10:00:00Z', description: 'Soon' },
    [
      ['title', true],
      ['description', false],
    ],
  ],
  [
    'show patch',
    'PATCH',
    `/api/brands/${b}/shows/${s}`,
    { title: 'Live', description: 'Soon' },
    [
      ['title', true],
      ['description', false],
    ],
  ],
  ['tag', 'POST', `/api/brands/${b}/tags`, { name: 'vip' }, [['name', true]]],
  ['segment', 'POST', `/api/brands/${b}/segments`, { name: 'Fans', filter: { tag: 'nope' } }, [['name', true]]],
  [
    'announcement text',
    'POST',
    `/api/brands/${b}/shows/${s}/announcements`,
    { trigger: 'LIVE_NOW', balloons: [{ type: 'text', text: 'Hi' }] },
    [['balloons.0.text', true]],
  ],
  [
    'announcement button',
    'POST',
    `/api/brands/${b}/shows/${s}/announcements`,
    { trigger: 'LIVE_NOW', balloons: [{ type: 'button', label: 'Go', url: 'https://example.com' }] },
    [['balloons.0.label', true]],
  ],
];

const withField = (body: Record<string, unknown>, path: string, value: string): Record<string, unknown> => {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[keys.at(-1)!] = value;
  return copy;
};

describe('control and invisible characters in every text field', () => {
  it('refuses a control character anywhere in a text field with VALIDATION_FAILED, storing nothing', async () => {
    const before = await Promise.all([
      t.database.db.user.count(),
      t.database.db.product.count(),
      t.database.db.show.count(),
      t.database.db.tag.count(),
    ]);
    for (const [label, method, url, body, fields] of bodies()) {
      for (const [field] of fields) {
        for (const control of controls) {
          const response = await admin.request(method, url, withField(body, field, `A${control}B`));
          const name = `${label} ${field} U+${control.codePointAt(0)!.toString(16).padStart(4, '0')}`;
          expect(response.statusCode, name).toBe(400);
          expect(response.json().error.code, name).toBe('VALIDATION_FAILED');
          expect(Object.keys(response.json().error.fields ?? {}), name).toContain(field);
        }
      }
    }
    const after = await Promise.all([
      t.database.db.user.count(),
      t.database.db.product.count(),
      t.database.db.show.count(),
      t.database.db.tag.count(),
    ]);
    expect(after).toEqual(before);
  });

  it('refuses a title, name or label made only of invisible characters', async () => {
    for (const [label, method, url, body, fields] of bodies()) {
      for (const [field] of fields.filter(([, required]) => required)) {
        for (const invisible of invisibleOnly) {
          const response = await admin.request(method, url, withField(body, field, invisible));
          expect(response.statusCode, `${label} ${field} ${JSON.stringify(invisible)}`).toBe(400);
        }
      }
    }
  });

  it('keeps line breaks in multi-line text and normalises to NFC', async () => {
    const response = await admin.post(`/api/brands/${b}/products`, {
      title: 'Cafe\u0301',
      priceMinor: 1,
      stock: 1,
      description: 'one\ntwo\r\n\tthree',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ title: 'Café', description: 'one\ntwo\r\n\tthree' });
  });

  it('refuses control characters in search queries', async () => {
    for (const url of [
      `/api/brands/${b}/products?q=a%C2%85b`,
      `/api/brands/${b}/followers?q=a%C2%9Bb`,
      `/api/brands/${b}/products?cursor=%E2%80%8B`,
    ]) {
      const response = await admin.get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.code, url).toBe('VALIDATION_FAILED');
    }
  });
});

/** Every route in the router's table, as [method, path], from printRoutes. */
function routeTable(): Array<[string, string]> {
  const printed = t.app.http.printRoutes({ commonPrefix: false });
  const routes: Array<[string, string]> = [];
  for (const match of printed.matchAll(/(\/\S*) \(([^)]+)\)/g)) {
    for (const method of match[2]!.split(', '))
      if (method !== 'HEAD' && method !== 'OPTIONS') routes.push([method, match[1]!]);
  }
  return routes;
}

describe('control characters in every path parameter', () => {
  const values: Record<string, () => string> = { brandId: () => b, showId: () => s, productId: () => p };
  const fill = (path: string, target: string, bad: string) =>
    path.replace(/:(\w+)|\*/g, (whole, name: string | undefined) =>
      whole === target ? bad : (values[name ?? '']?.() ?? 'abcdefghij0123456789'),
    );

  it('walks the route table and answers every route a 4xx for NUL, C1 controls and invisible ids', async () => {
    const routes = routeTable().filter(([, path]) => /:|\*/.test(path));
    expect(routes.length).toBeGreaterThan(30);
    const failures: string[] = [];
    for (const [method, path] of routes) {
      for (const target of path.match(/:\w+|\*/g)!) {
        for (const bad of ['%00', 'a%00b', '%C2%85', '%E2%80%8B', '%1B%5B31m']) {
          const url = fill(path, target, bad);
          const response = await admin.request(
            method as 'GET',
            url,
            method === 'GET' || method === 'DELETE' ? undefined : {},
          );
          if (response.statusCode >= 500 || response.statusCode < 400)
            failures.push(`${method} ${url} -> ${response.statusCode}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers anonymous GET /api/public/shows/%00 with 400 and a stable code, and keeps serving', async () => {
    const response = await t.client().get('/api/public/shows/%00');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('BAD_PATH');
    expect((await t.client().get(`/api/public/shows/${s}`)).statusCode).toBe(200);
  });
});
