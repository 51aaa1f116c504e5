// The platform (createApplication + commerce, analytics recording on) for bench:analytics, in its own process, on
// a fresh PostgreSQL database. Seeds a brand, a live show with a flash sale, signed-in chatters and buyers; then
// answers the load generator over IPC: recording on/off, stats, and the final flush and count.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { createTestDatabase } from '../../infra/test-support/test-database';
import { recorderFor } from '../../server/analytics/analytics-recorder';
import { rollUp } from '../../server/analytics/analytics-rollup';
import { createApplication } from '../../server/app';
import { createCommerce } from '../../server/commerce/create-commerce';
import { createDatabase } from '../../server/database/prisma-client';
import { sqlPool } from '../../server/database/prisma-client';
import { createDiskFileStorage } from '../../server/storage/disk-file-storage';

const heartbeatSeconds = Number(process.env.BENCH_HEARTBEAT_SECONDS ?? 5);
const buyerCount = Number(process.env.BENCH_BUYERS ?? 200);
const chatterCount = 50;

const test = await createTestDatabase();
await test.db.$disconnect();
const db = createDatabase(test.url, 20);
const dir = await mkdtemp(path.join(os.tmpdir(), 'livecart-bench-analytics-'));
const commerce = await createCommerce({
  db,
  config: {
    mode: 'embedded',
    redisUrl: null,
    stripe: null,
    smtpUrl: null,
    mailFrom: 'bench@livecart.local',
    reservationHoldSeconds: 300,
  },
  publicBaseUrl: 'http://127.0.0.1',
  redisKeyPrefix: `bench:${randomBytes(6).toString('hex')}:`,
  jobs: false,
});
commerce.ctx.log = () => {};
const app = await createApplication({
  config: { mode: 'embedded', publicBaseUrl: null, port: 0 },
  db,
  storage: createDiskFileStorage(path.join(dir, 'uploads')),
  sessionSecret: randomBytes(32).toString('hex'),
  commerce,
  realtime: { redisUrl: null },
  logLevel: 'error',
});
const recorder = recorderFor(db)!;
recorder.heartbeatSeconds = heartbeatSeconds;

const session = async (userId: string) => {
  const token = randomBytes(24).toString('base64url');
  await db.session.create({
    data: {
      tokenHash: createHash('sha256').update(token).digest('hex'),
      userId,
      expiresAt: new Date(Date.now() + 6 * 3600_000),
    },
  });
  return `lc_session=${token}`;
};
const brand = await db.brand.create({ data: { name: 'Bench', slug: `bench-${randomBytes(4).toString('hex')}` } });
const admin = await db.user.create({ data: { email: `admin@${brand.id}.bench`, name: 'Admin', passwordHash: 'x' } });
await db.membership.create({ data: { userId: admin.id, brandId: brand.id, role: 'ADMIN' } });
const product = await db.product.create({
  data: { brandId: brand.id, title: 'Bench Tote', category: 'Bags', priceMinor: 5000, stock: 0 },
});
const show = await db.show.create({
  data: {
    brandId: brand.id,
    title: 'Bench show',
    scheduledStartAt: new Date(),
    startedAt: new Date(),
    status: 'LIVE',
    streamKeyHash: randomBytes(16).toString('hex'),
    chatRequiresSignIn: true,
  },
});
const showProduct = await db.showProduct.create({ data: { showId: show.id, productId: product.id } });
const adminCookie = await session(admin.id);
const csrf = randomBytes(18).toString('base64url');
const started = await app.http.inject({
  method: 'POST',
  url: `/api/brands/${brand.id}/shows/${show.id}/sales`,
  headers: { cookie: `${adminCookie}; lc_csrf=${csrf}`, 'x-csrf-token': csrf, 'content-type': 'application/json' },
  payload: JSON.stringify({
    showProductId: showProduct.id,
    priceMinor: 1500,
    quantity: 100_000,
    durationSeconds: 300,
    perBuyerLimit: 10,
  }),
});
if (started.statusCode !== 201) throw new Error(`sale not started: ${started.body}`);
const saleId = (JSON.parse(started.body) as { saleId: string }).saleId;
const users = Array.from({ length: chatterCount + buyerCount }, (_, i) => ({
  id: `bu${randomBytes(4).toString('hex')}${i}`,
  email: `u${i}@${brand.id}.bench`,
  name: `Viewer ${i}`,
  passwordHash: 'x',
}));
await db.user.createMany({ data: users });
const cookies = await Promise.all(users.map((user) => session(user.id)));

// Server-side view of the report (arrival to answer) and of the event loop, apart from the load generator's own lag.
const reportServerMs: number[] = [];
app.http.server.on('request', (request, response) => {
  if (!request.url?.endsWith('/report')) return;
  const t0 = performance.now();
  response.once('finish', () => reportServerMs.push(performance.now() - t0));
});
// PostgreSQL's CPU for this benchmark's database (its backends, read from /proc on this machine; a parallel worker
// counts only if alive when sampled): what recording costs the database, apart from other processes' load.
const clockTicks = 100;
const pgCpu = new Map<number, number>();
async function postgresCpuSeconds(): Promise<number> {
  const { rows } = await sqlPool(db).query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() OR leader_pid IN (SELECT pid FROM pg_stat_activity WHERE datname = current_database())`,
  );
  await Promise.all(
    rows.map(async ({ pid }) => {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
      if (!stat) return;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      pgCpu.set(pid, (Number(fields[11]) + Number(fields[12])) / clockTicks);
    }),
  );
  let total = 0;
  for (const seconds of pgCpu.values()) total += seconds;
  return total;
}
// One histogram, always on, read and reset at each window's end: a histogram disabled for a window and enabled again
// counted the whole pause as one delay (a 10 s sample that made one side's p99 read 10 s, whichever side).
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
const loopP99Ms = { on: [] as number[], off: [] as number[] };
let loopSide: 'on' | 'off' = 'on';
const endLoopWindow = () => {
  loopP99Ms[loopSide].push(Math.round(loopDelay.percentile(99) / 1e5) / 10);
  loopDelay.reset();
};

await app.http.listen({ port: Number(process.env.BENCH_PORT ?? 0), host: '127.0.0.1' });
process.on('message', async (message: { type: string; on?: boolean; window?: boolean }) => {
  if (message.type === 'measure') {
    loopDelay.reset();
    reportServerMs.length = 0;
    process.send!({ type: 'measuring' });
  }
  if (message.type === 'report-times') process.send!({ type: 'report-times', reportServerMs });
  if (message.type === 'record') {
    recorder.enabled = Boolean(message.on);
    // split by the kind of window (the same as recording's state unless the run is a control)
    endLoopWindow();
    loopSide = (message.window ?? message.on) ? 'on' : 'off';
    process.send!({ type: 'record-done' });
  }
  if (message.type === 'stats') {
    const cpu = process.cpuUsage();
    const pgSeconds = await postgresCpuSeconds().catch(() => NaN);
    process.send!({
      type: 'stats',
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      pgSeconds,
      accepted: recorder.accepted,
      stored: recorder.stored,
      buffered: recorder.buffered,
    });
  }
  if (message.type === 'finish') {
    endLoopWindow();
    recorder.enabled = false;
    await recorder.flush();
    await recorder.flush();
    await rollUp(db).catch((error: unknown) => console.error(`final roll-up failed: ${error}`));
    const kinds = await db.analyticsEvent.groupBy({ by: ['kind'], where: { showId: show.id }, _count: { _all: true } });
    const rows = kinds.reduce((sum, kind) => sum + kind._count._all, 0);
    const byKind = Object.fromEntries(kinds.map((kind) => [kind.kind, kind._count._all]));
    process.send!({
      type: 'finished',
      accepted: recorder.accepted,
      stored: recorder.stored,
      lost: recorder.lost,
      rows,
      byKind,
      loopP99Ms,
    });
  }
});
process.on('SIGTERM', () => {
  setTimeout(() => process.exit(0), 5000).unref();
  void app
    .close()
    .then(() => commerce.close())
    .then(() => db.$disconnect())
    .then(() => test.drop())
    .finally(() => process.exit(0));
});
process.send!({
  type: 'ready',
  databaseUrl: test.url,
  port: (app.http.server.address() as AddressInfo).port,
  showId: show.id,
  brandId: brand.id,
  productId: product.id,
  saleId,
  adminCookie,
  chatterCookies: cookies.slice(0, chatterCount),
  buyerCookies: cookies.slice(chatterCount),
});
