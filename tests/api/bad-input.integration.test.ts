// Every route gets bad input: wrong types, missing fields, huge bodies, broken JSON, unknown ids.
// Each answer is a 4xx with a stable code, nothing is written, and the server keeps serving.
import sharp from 'sharp';
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
let sp: string;

const counts = async () => {
  const db = t.database.db;
  return Promise.all([
    db.user.count(),
    db.product.count(),
    db.show.count(),
    db.showProduct.count(),
    db.session.count(),
  ]);
};

beforeAll(async () => {
  t = await startTestApplication();
  admin = await t.signedIn(demoAccounts.admin);
  b = t.demo.brandId;
  s = t.demo.showId;
  const row = await t.database.db.showProduct.findFirstOrThrow({ where: { showId: s } });
  p = row.productId;
  sp = row.id;
});
afterAll(async () => t?.close());

const huge = 'x'.repeat(1_100_000);

const mutations = (): Array<[string, 'POST' | 'PATCH', string, unknown, string]> => [
  ['sign-up wrong types', 'POST', '/api/auth/sign-up', { email: 42, password: ['x'], name: null }, 'VALIDATION_FAILED'],
  ['sign-up missing fields', 'POST', '/api/auth/sign-up', {}, 'VALIDATION_FAILED'],
  [
    'sign-up bad email',
    'POST',
    '/api/auth/sign-up',
    { email: 'not-an-email', password: 'long enough', name: 'A' },
    'VALIDATION_FAILED',
  ],
  ['sign-in array body', 'POST', '/api/auth/sign-in', [1, 2, 3], 'VALIDATION_FAILED'],
  [
    'product wrong types',
    'POST',
    `/api/brands/${b}/products`,
    { title: 7, priceMinor: '10', stock: -1 },
    'VALIDATION_FAILED',
  ],
  [
    'product fractional price',
    'POST',
    `/api/brands/${b}/products`,
    { title: 'A', priceMinor: 10.5, stock: 1 },
    'VALIDATION_FAILED',
  ],
  [
    'product foreign image',
    'POST',
    `/api/brands/${b}/products`,
    { title: 'A', priceMinor: 1, stock: 1, imageKeys: ['other/abcdefghijkl.png'] },
    'VALIDATION_FAILED',
  ],
  [
    'product path traversal image',
    'POST',
    `/api/brands/${b}/products`,
    { title: 'A', priceMinor: 1, stock: 1, imageKeys: ['../../etc/passwd'] },
    'VALIDATION_FAILED',
  ],
  ['product patch unknown field', 'PATCH', `/api/brands/${b}/products/${p}`, { brandId: 'other' }, 'VALIDATION_FAILED'],
  ['product patch unknown id', 'PATCH', `/api/brands/${b}/products/nope`, { title: 'A' }, 'NOT_FOUND'],
  ['archive unknown id', 'POST', `/api/brands/${b}/products/nope/archive`, {}, 'NOT_FOUND'],
  ['show missing date', 'POST', `/api/brands/${b}/shows`, { title: 'A' }, 'VALIDATION_FAILED'],
  [
    'show bad date',
    'POST',
    `/api/brands/${b}/shows`,
    { title: 'A', scheduledStartAt: 'tomorrow' },
    'VALIDATION_FAILED',
  ],
  [
    'show unknown host',
    'POST',
    `/api/brands/${b}/shows`,
    { title: 'A', scheduledStartAt: '2030-01-01T10:00:00Z', hostId: 'ghost' },
    'VALIDATION_FAILED',
  ],
  ['show patch wrong type', 'PATCH', `/api/brands/${b}/shows/${s}`, { chatRequiresSignIn: 'yes' }, 'VALIDATION_FAILED'],
  ['show patch unknown id', 'PATCH', `/api/brands/${b}/shows/nope`, { title: 'A' }, 'NOT_FOUND'],
  ['cancel unknown show', 'POST', `/api/brands/${b}/shows/nope/cancel`, {}, 'NOT_FOUND'],
  ['rotate unknown show', 'POST', `/api/brands/${b}/shows/nope/stream-key`, {}, 'NOT_FOUND'],
  ['attach missing product', 'POST', `/api/brands/${b}/shows/${s}/products`, {}, 'VALIDATION_FAILED'],
  ['attach twice', 'POST', `/api/brands/${b}/shows/${s}/products`, { productId: p }, 'CONFLICT'],
  [
    'flash window reversed',
    'PATCH',
    `/api/brands/${b}/shows/${s}/products/${sp}`,
    { flashStartsAt: '2030-01-02T00:00:00Z', flashEndsAt: '2030-01-01T00:00:00Z' },
    'VALIDATION_FAILED',
  ],
  [
    'flash negative quantity',
    'PATCH',
    `/api/brands/${b}/shows/${s}/products/${sp}`,
    { flashQuantity: -5 },
    'VALIDATION_FAILED',
  ],
  ['show product unknown id', 'PATCH', `/api/brands/${b}/shows/${s}/products/nope`, { position: 1 }, 'NOT_FOUND'],
  ['huge body', 'POST', `/api/brands/${b}/products`, { title: huge, priceMinor: 1, stock: 1 }, 'PAYLOAD_TOO_LARGE'],
];

describe('bad input', () => {
  it('answers every malformed mutation with a 4xx and a stable code, writing nothing', async () => {
    const before = await counts();
    const showBefore = await t.database.db.show.findUniqueOrThrow({ where: { id: s } });
    for (const [name, method, url, body, code] of mutations()) {
      const response = await admin.request(method, url, body);
      expect(response.statusCode, name).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, name).toBeLessThan(500);
      expect(response.json().error.code, name).toBe(code);
      expect(response.body, name).not.toMatch(/at .*\.ts:\d+|prisma|stack/i);
    }
    const after = await counts();
    expect(after[1]).toBe(before[1]);
    expect(after[2]).toBe(before[2]);
    expect(after[3]).toBe(before[3]);
    expect(after[0]).toBe(before[0]);
    expect(await t.database.db.show.findUniqueOrThrow({ where: { id: s } })).toEqual(showBefore);
  });

  it('rejects broken JSON and wrong content types', async () => {
    const broken = await admin.request('POST', `/api/brands/${b}/products`, '{"title": "A",', {
      'content-type': 'application/json',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('BAD_JSON');
    const xml = await admin.request('POST', `/api/brands/${b}/products`, '<product/>', {
      'content-type': 'application/xml',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('validates query strings and unknown routes', async () => {
    const limit = await admin.get(`/api/brands/${b}/products?limit=abc`);
    expect(limit.statusCode).toBe(400);
    expect(limit.json().error.fields.limit).toBeDefined();
    expect((await admin.get(`/api/brands/${b}/products?status=deleted`)).json().error.code).toBe('VALIDATION_FAILED');
    expect((await admin.get('/api/public/shows?status=secret')).statusCode).toBe(400);
    const unknown = await admin.get('/api/does-not-exist');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('NOT_FOUND');
    expect((await admin.get(`/api/public/shows/${'x'.repeat(500)}`)).statusCode).toBe(400);
  });

  it('accepts real images only, within the size limit', async () => {
    const upload = (bytes: Buffer, filename: string, type: string) => {
      const boundary = '----livecart';
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
        ),
        bytes,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return admin.request('POST', `/api/brands/${b}/uploads`, body, {
        'content-type': `multipart/form-data; boundary=${boundary}`,
      });
    };
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } })
      .png()
      .toBuffer();
    const ok = await upload(png, 'red.png', 'image/png');
    expect(ok.statusCode).toBe(201);
    const { key, url } = ok.json();
    expect(key.startsWith(`${b.toLowerCase()}/`)).toBe(true);
    const served = await t.client().get(url);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');

    const fake = await upload(Buffer.from('<script>alert(1)</script>'), 'evil.png', 'image/png');
    expect(fake.statusCode).toBe(415);
    const big = await upload(Buffer.alloc(5 * 1024 * 1024 + 10, 1), 'big.png', 'image/png');
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await t.client().get('/uploads/..%2F..%2Fetc%2Fpasswd')).statusCode).toBe(404);
  });

  it('is still healthy afterwards', async () => {
    const health = await t.client().get('/api/health');
    expect(health.statusCode).toBe(200);
    expect(health.json().dependencies.database.ok).toBe(true);
  });
});
