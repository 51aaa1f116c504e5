// A real application (Fastify + commerce) on a fresh test database, with a brand, a show, a product and signed-in
// buyers made directly in the database (sessions are rows; signing up 200 buyers through argon2 would be slow).
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '../../../infra/test-support/test-database';
import { createApplication, type Application } from '../../app';
import { createDiskFileStorage } from '../../storage/disk-file-storage';
import type { StripeEndpoint } from '../../payments/stripe-payments';
import { createCommerce, type Commerce } from '../create-commerce';
import type { FairStartConfig } from '../fair-start';

export interface FixtureOptions {
  redis?: boolean;
  holdSeconds?: number;
  stripe?: { endpoint: StripeEndpoint; webhookSecret: string };
  database?: TestDatabase;
  /** The flash sale's fair start; off unless a test asks (a ranked window holds every early press ~11 s). */
  fairStart?: Partial<FairStartConfig>;
}

export interface CommerceFixture {
  database: TestDatabase;
  app: Application;
  commerce: Commerce;
  brandId: string;
  showId: string;
  showProductId: string;
  productId: string;
  admin: Record<string, string>;
  buyers(count: number): Promise<{ userId: string; email: string; headers: Record<string, string> }[]>;
  request<T = unknown>(
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  /** A sale's per-buyer tallies as kept (FlashSaleBuyer) and as counted from its held and bought reservations. */
  buyerTallies(saleId: string): Promise<{ kept: Record<string, number>; counted: Record<string, number> }>;
  /** Simulates a crash: drops the app and its in-memory state, keeps the database; returns a fresh fixture. */
  restart(): Promise<CommerceFixture>;
  close(keepDatabase?: boolean): Promise<void>;
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export async function sessionHeaders(database: TestDatabase, userId: string): Promise<Record<string, string>> {
  const token = randomBytes(24).toString('base64url');
  await database.db.session.create({
    data: { tokenHash: digest(token), userId, expiresAt: new Date(Date.now() + 3600_000) },
  });
  const csrf = randomBytes(18).toString('base64url');
  return { cookie: `lc_session=${token}; lc_csrf=${csrf}`, 'x-csrf-token': csrf };
}

export async function createCommerceFixture(
  options: FixtureOptions = {},
  seeded?: Omit<
    CommerceFixture,
    'app' | 'commerce' | 'request' | 'restart' | 'close' | 'buyers' | 'buyerTallies' | 'database'
  >,
): Promise<CommerceFixture> {
  const database = options.database ?? (await createTestDatabase());
  const db = database.db;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'livecart-commerce-'));
  const prefix = `test:${randomBytes(6).toString('hex')}:`;
  const commerce = await createCommerce({
    db,
    config: {
      mode: 'embedded',
      redisUrl: options.redis ? testRedisUrl : null,
      stripe: options.stripe
        ? {
            secretKey: 'sk_test_standin',
            publishableKey: 'pk_test_standin',
            webhookSecret: options.stripe.webhookSecret,
          }
        : null,
      smtpUrl: null,
      mailFrom: 'Livecart <no-reply@livecart.local>',
      reservationHoldSeconds: options.holdSeconds ?? 300,
    },
    publicBaseUrl: 'http://localhost:3000',
    stripeEndpoint: options.stripe?.endpoint,
    redisKeyPrefix: prefix,
    jobs: false,
    fairStart: options.fairStart ?? { windowMs: 0, maxLagMs: 0 },
  });
  commerce.ctx.log = () => {};
  const app = await createApplication({
    config: { mode: 'embedded', publicBaseUrl: null, port: 0 },
    db,
    storage: createDiskFileStorage(dir),
    sessionSecret: randomBytes(32).toString('hex'),
    commerce,
    realtime: { redisUrl: null },
  });

  let base = seeded;
  if (!base) {
    const brand = await db.brand.create({
      data: { name: 'Test Brand', slug: `test-${randomBytes(4).toString('hex')}` },
    });
    const adminUser = await db.user.create({
      data: { email: `admin-${randomBytes(4).toString('hex')}@test.local`, name: 'Admin', passwordHash: 'x' },
    });
    await db.membership.create({ data: { userId: adminUser.id, brandId: brand.id, role: 'ADMIN' } });
    const product = await db.product.create({
      data: { brandId: brand.id, title: 'Tote', priceMinor: 5000, stock: 10 },
    });
    const show = await db.show.create({
      data: {
        brandId: brand.id,
        title: 'Show',
        scheduledStartAt: new Date(),
        status: 'LIVE',
        streamKeyHash: randomBytes(16).toString('hex'),
      },
    });
    const showProduct = await db.showProduct.create({ data: { showId: show.id, productId: product.id } });
    base = {
      brandId: brand.id,
      showId: show.id,
      showProductId: showProduct.id,
      productId: product.id,
      admin: await sessionHeaders(database, adminUser.id),
    };
  }
  const seededBase = base;

  const fixture: CommerceFixture = {
    ...seededBase,
    database,
    app,
    commerce,
    async buyers(count) {
      const tag = randomBytes(4).toString('hex');
      const data = Array.from({ length: count }, (_, i) => ({
        id: `buyer${tag}${i}`,
        email: `buyer${i}-${tag}@test.local`,
        name: `Buyer ${i}`,
        passwordHash: 'x',
      }));
      await db.user.createMany({ data });
      return Promise.all(
        data.map(async (user) => ({
          userId: user.id,
          email: user.email,
          headers: await sessionHeaders(database, user.id),
        })),
      );
    },
    async request(method, url, headers, body) {
      const response = await app.http.inject({
        method,
        url,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        payload: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null };
    },
    async buyerTallies(saleId) {
      const kept = await db.flashSaleBuyer.findMany({ where: { flashSaleId: saleId, units: { not: 0 } } });
      const counted = await db.reservation.groupBy({
        by: ['buyerId'],
        where: { flashSaleId: saleId, status: { in: ['HELD', 'CONVERTED'] } },
        _sum: { quantity: true },
      });
      return {
        kept: Object.fromEntries(kept.map((row) => [row.buyerId, row.units])),
        counted: Object.fromEntries(counted.map((row) => [row.buyerId, row._sum.quantity ?? 0])),
      };
    },
    async restart() {
      await app.close();
      await commerce.close();
      return createCommerceFixture({ ...options, database }, seededBase);
    },
    async close(keepDatabase = false) {
      await app.close();
      await commerce.close();
      await rm(dir, { recursive: true, force: true });
      if (!keepDatabase) await database.drop();
    },
  };
  return fixture;
}
