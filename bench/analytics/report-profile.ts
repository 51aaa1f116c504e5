// Profiles the show report on a database holding what bench:analytics writes: BENCH_CLIENTS (5000) viewers for
// BENCH_SECONDS (60) at ~2,000 events a second (heartbeats every 5 s, cards, reactions, chat, holds), rolled up
// as the worker does, with an unrolled tail. Prints the time of each step and EXPLAIN ANALYZE of the report's reads.
// node --import tsx bench/analytics/report-profile.ts
import { randomBytes } from 'node:crypto';
import { createTestDatabase } from '../../infra/test-support/test-database';
import { rollUp } from '../../server/analytics/analytics-rollup';
import { showReport } from '../../server/analytics/show-report';
import { reportStatement } from '../../server/analytics/show-report-query';

const clients = Number(process.env.BENCH_CLIENTS ?? 5000);
const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const tailSeconds = Number(process.env.PROFILE_TAIL_SECONDS ?? 10);
const test = await createTestDatabase();
const { db } = test;
const log = (line: string) => process.stdout.write(`${line}\n`);
const timed = async <T>(label: string, work: () => Promise<T>) => {
  const t0 = performance.now();
  const result = await work();
  log(`${label}: ${(performance.now() - t0).toFixed(1)} ms`);
  return result;
};
try {
  const brand = await db.brand.create({ data: { name: 'Profile', slug: `profile-${randomBytes(4).toString('hex')}` } });
  const product = await db.product.create({
    data: { brandId: brand.id, title: 'Tote', category: 'Bags', priceMinor: 5000, stock: 0 },
  });
  const start = new Date(Date.now() - (seconds + 5) * 1000);
  const show = await db.show.create({
    data: {
      brandId: brand.id,
      title: 'Profile show',
      scheduledStartAt: start,
      startedAt: start,
      status: 'LIVE',
      streamKeyHash: randomBytes(16).toString('hex'),
    },
  });
  await db.showProduct.create({ data: { showId: show.id, productId: product.id } });
  // One second of the bench: every viewer beats every 5 s (clients / 5 a second), 850 cards (a third tapped),
  // 100 reactions, 20 chat messages, 20 holds.
  const insertSecond = (s: number) =>
    db.$executeRawUnsafe(
      `
    INSERT INTO "AnalyticsEvent" ("brandId", "showId", at, "recordedAt", kind, "viewerKey", "userId", "productId", units, replay)
    SELECT $1, $2, $3::timestamptz + (random() * interval '1 second'), $3::timestamptz + interval '1 second', kind, 'a:' || v, NULL, pid, u, false FROM (
      SELECT 'heartbeat' AS kind, v, NULL AS pid, 5 AS u FROM generate_series(0, ${clients} - 1) v WHERE v % 5 = $4 % 5
      UNION ALL SELECT CASE WHEN i % 3 = 0 THEN 'card_tapped' ELSE 'card_seen' END, (i * 7919 + $4 * 850) % ${clients}, $5, 0 FROM generate_series(0, 849) i
      UNION ALL SELECT 'reaction', (i + $4 * 100) % ${clients}, NULL, 0 FROM generate_series(0, 99) i
      UNION ALL SELECT 'chat_message', i % 50, NULL, 0 FROM generate_series(0, 19) i
      UNION ALL SELECT 'hold_placed', 50 + (i + $4 * 20) % 200, $5, 1 FROM generate_series(0, 19) i
    ) e`,
      brand.id,
      show.id,
      new Date(start.getTime() + s * 1000).toISOString(),
      s,
      product.id,
    );
  await timed('joins', () =>
    db.$executeRawUnsafe(
      `
    INSERT INTO "AnalyticsEvent" ("brandId", "showId", at, kind, "viewerKey", units, replay)
    SELECT $1, $2, $3::timestamptz, 'viewer_joined', 'a:' || v, 0, false FROM generate_series(0, ${clients} - 1) v`,
      brand.id,
      show.id,
      start.toISOString(),
    ),
  );
  await db.$executeRawUnsafe(
    `
    INSERT INTO "AnalyticsViewer" ("showId", "viewerKey", "brandId", "firstAt", "lastAt", "liveSeconds", live)
    SELECT $1, 'a:' || v, $2, $3::timestamptz, now(), ${seconds}, true FROM generate_series(0, ${clients} - 1) v`,
    show.id,
    brand.id,
    start.toISOString(),
  );
  const rolled = seconds - tailSeconds;
  await timed(`${rolled} s of events`, async () => {
    for (let s = 0; s < rolled; s++) await insertSecond(s);
  });
  await db.$executeRawUnsafe('ANALYZE');
  // The worker rolls up every 10 s: the first run sees everything, later runs the touched minutes.
  await timed('roll-up (all)', () => rollUp(db, new Date(start.getTime() + rolled * 1000)));
  await timed(`${tailSeconds} s tail of events`, async () => {
    for (let s = rolled; s < seconds; s++) await insertSecond(s);
  });
  const total = await db.analyticsEvent.count();
  log(`raw events ${total} (${(total / seconds).toFixed(0)}/s)`);
  for (let i = 0; i < 5; i++)
    await timed(`report ${i + 1} (with a ${tailSeconds} s tail)`, () => showReport(db, brand.id, show.id));
  const explain = async (label: string) => {
    const [state] = await db.$queryRaw<{ maxId: bigint }[]>`SELECT "maxId" FROM "AnalyticsRollupState" WHERE id = 1`;
    const statement = reportStatement(brand.id, show.id, new Date(), state?.maxId ?? 0n);
    const plan = await db.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(
      `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`,
      ...statement.values,
    );
    log(`--- ${label}\n${plan.map((row) => row['QUERY PLAN']).join('\n')}`);
  };
  await explain(`the report's statement with a ${tailSeconds} s tail`);
  await timed('roll-up (touched minutes)', () => rollUp(db, new Date(start.getTime() + seconds * 1000)));
  for (let i = 0; i < 3; i++) await timed(`report ${i + 1} (rolled up)`, () => showReport(db, brand.id, show.id));
  await explain("the report's statement, rolled up");
} finally {
  await test.drop();
}
