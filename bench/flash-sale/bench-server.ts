// The platform's API (createApplication + commerce, no web pages) for the benchmark, in its own process:
// BENCH_STORE=embedded -> PGlite in a temp dir + in-process counter (the embedded default);
// BENCH_STORE=redis -> a fresh PostgreSQL database + Redis counter (production shape).
// Seeds a brand, a show, a product and BENCH_BUYERS signed-in buyers, then prints one JSON line with the port.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, testRedisUrl } from '../../infra/test-support/test-database';
import { createApplication } from '../../server/app';
import { openDatabase } from '../../server/boot/open-database';
import { createCommerce } from '../../server/commerce/create-commerce';
import { createDatabase, sqlPool, type Database } from '../../server/database/prisma-client';
import { createDiskFileStorage } from '../../server/storage/disk-file-storage';
import { registerBenchRoutes } from './bench-routes';
import { createRowLockWriter } from './row-lock-writer';

const store = process.env.BENCH_STORE === 'redis' ? 'redis' : 'embedded';
const buyerCount = Number(process.env.BENCH_BUYERS ?? 10_100);
const dir = await mkdtemp(path.join(os.tmpdir(), 'livecart-bench-'));
let db: Database;
let closeDb: () => Promise<void>;
if (store === 'embedded') {
  // Exactly what `npm start` uses in embedded mode (same pool size).
  const opened = await openDatabase(null, dir);
  db = opened.db;
  closeDb = () => opened.close();
} else {
  const test = await createTestDatabase();
  await test.db.$disconnect();
  db = createDatabase(test.url, 30);
  closeDb = async () => {
    await db.$disconnect();
    await test.drop();
  };
}

const commerce = await createCommerce({
  db,
  config: {
    mode: 'embedded',
    redisUrl: store === 'redis' ? testRedisUrl : null,
    stripe: null,
    smtpUrl: null,
    mailFrom: 'bench@livecart.local',
    reservationHoldSeconds: 300,
  },
  publicBaseUrl: 'http://127.0.0.1',
  redisKeyPrefix: `bench:${randomBytes(6).toString('hex')}:`,
  jobs: false,
  // This benchmark measures the reservation path itself; the fair start's ranked first window (which holds early
  // presses ~11 s, then releases them at once through the same path) is measured by bench:cue-sync.
  fairStart: { windowMs: 0, maxLagMs: 0 },
});
commerce.ctx.log = () => {};
const app = await createApplication({
  config: { mode: 'embedded', publicBaseUrl: null, port: 0 },
  db,
  storage: createDiskFileStorage(path.join(dir, 'uploads')),
  sessionSecret: randomBytes(32).toString('hex'),
  commerce,
  // The throughput phase's 100 buyers each reserve and cancel about 50 times a second over their socket, far
  // above the per-connection command budget a real viewer meets (10 a second): raised here, and only here.
  realtime: {
    redisUrl: store === 'redis' ? testRedisUrl : null,
    keyPrefix: `bench:${randomBytes(6).toString('hex')}:`,
    tuning: { commandsPerConnection: { capacity: 10_000, perSecond: 10_000 } },
  },
  logLevel: 'error',
});
registerBenchRoutes(app.http, db, commerce.ctx, {
  ours: commerce.ctx.writer,
  'row-lock': createRowLockWriter(sqlPool(db)),
});

const brand = await db.brand.create({ data: { name: 'Bench', slug: `bench-${randomBytes(4).toString('hex')}` } });
const product = await db.product.create({
  data: { brandId: brand.id, title: 'Bench Tote', priceMinor: 5000, stock: 0 },
});
const show = await db.show.create({
  data: {
    brandId: brand.id,
    title: 'Bench show',
    scheduledStartAt: new Date(),
    status: 'LIVE',
    streamKeyHash: randomBytes(16).toString('hex'),
  },
});
const showProduct = await db.showProduct.create({ data: { showId: show.id, productId: product.id } });
const csrf = randomBytes(18).toString('base64url');
const tokens: string[] = [];
const ids: string[] = [];
for (let i = 0; i < buyerCount + 1; i += 1) {
  tokens.push(randomBytes(24).toString('base64url'));
  ids.push(`benchuser${i}x${randomBytes(3).toString('hex')}`);
}
for (let start = 0; start < ids.length; start += 2000) {
  const slice = ids.slice(start, start + 2000);
  await db.user.createMany({
    data: slice.map((id) => ({ id, email: `${id}@bench.local`, name: id, passwordHash: 'x' })),
  });
  await db.session.createMany({
    data: slice.map((id, i) => ({
      userId: id,
      tokenHash: createHash('sha256')
        .update(tokens[start + i]!)
        .digest('hex'),
      expiresAt: new Date(Date.now() + 3600_000),
    })),
  });
}
await db.membership.create({ data: { userId: ids[0]!, brandId: brand.id, role: 'ADMIN' } });

const address = await app.http.listen({ port: 0, host: '127.0.0.1' });
const seedFile = path.join(dir, 'seed.json');
await writeFile(
  seedFile,
  JSON.stringify({
    adminToken: tokens[0],
    buyerTokens: tokens.slice(1),
    csrf,
    brandId: brand.id,
    showId: show.id,
    showProductId: showProduct.id,
  }),
);
console.log(JSON.stringify({ ready: true, baseUrl: address, seedFile, counter: commerce.ctx.counter.kind }));

const stop = async () => {
  await app.close().catch(() => {});
  await commerce.close().catch(() => {});
  await closeDb().catch(() => {});
  await rm(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.on('disconnect', () => void stop());
