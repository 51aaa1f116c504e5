// npm run bench:announcements — 100,000 followers, one personalized three-balloon step (text with tokens, a
// personalized image, a product card) sent to a segment that matches all of them, on a fresh PostgreSQL database.
// Measures render + enqueue (rendering every follower's message and inserting the delivery rows, set-based) and
// in-app delivery throughput (claim a range, send, record the outcomes), overall and over the first and the last
// tenth of the queue (from the batches' own claim and finish times). While it delivers, the step's live report is
// printed to stderr every two seconds. Last stdout line:
//   {"followers":…,"render_enqueue_ms":…,"deliveries_per_s":…,"first_tenth_per_s":…,"last_tenth_per_s":…}
// Env: BENCH_FOLLOWERS (default 100000), TEST_DATABASE_URL.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '../../infra/test-support/test-database';
import { Prisma } from '../../prisma/generated/client';
import { createStep } from '../../server/announcements/announcement-service';
import { DeliveryWorker } from '../../server/announcements/delivery-worker';
import { enqueueStep } from '../../server/announcements/enqueue-deliveries';
import { stepReport } from '../../server/announcements/step-report';
import { seedAudience } from '../../server/announcements/testing/seed-audience';
import { createInAppChannel } from '../../server/channels/inapp-channel';
import { createSegment } from '../../server/segments/segment-service';
import { createDiskFileStorage } from '../../server/storage/disk-file-storage';

const followers = Number(process.env.BENCH_FOLLOWERS ?? 100_000);
const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const database = await createTestDatabase();
  const folder = await mkdtemp(path.join(tmpdir(), 'livecart-bench-ann-'));
  try {
    let started = Date.now();
    const audience = await seedAudience(database.db, { followers, startsInMinutes: 30 });
    log(`seeded ${followers} followers with accounts and tags in ${Date.now() - started} ms`);
    // Even, or not VIP: every follower matches, through a real AND/OR/NOT predicate.
    const segment = await createSegment(database.db, audience.brandId, {
      name: 'everyone',
      filter: { or: [{ tag: audience.tagIds.even }, { not: { tag: audience.tagIds.vip } }] },
    });
    const step = await createStep(database.db, audience.brandId, audience.showId, {
      trigger: 'BEFORE_START',
      offsetMinutes: 60,
      segmentId: segment.id,
      balloons: [
        {
          type: 'text',
          text: 'Hi {{first_name | default: "there"}}! {{show_title}} with {{brand}} starts {{show_start}}.',
        },
        {
          type: 'image',
          imageKey: `${audience.brandId.toLowerCase()}/benchimage0001.png`,
          alt: 'Your invitation',
          overlay: { text: 'See you, {{first_name}}', x: 0.5, y: 0.85, fontSize: 48, color: '#ffffff' },
        },
        { type: 'product', productId: audience.productId, label: 'Buy now' },
      ],
    });
    const render = {
      storage: createDiskFileStorage(folder),
      publicBaseUrl: 'http://localhost:3000',
      linkSecret: 'bench-link-secret',
    };

    started = Date.now();
    const enqueued = await enqueueStep(database.db, { ...render, channels: new Set(['INAPP']) }, step.id, new Date());
    const renderEnqueueMs = Date.now() - started;
    if (enqueued?.deliveries !== followers)
      throw new Error(`expected ${followers} deliveries, enqueued ${enqueued?.deliveries}`);
    log(`rendered and enqueued ${enqueued.deliveries} deliveries in ${renderEnqueueMs} ms`);

    const worker = DeliveryWorker.create({
      db: database.db,
      render,
      channels: [createInAppChannel(null)],
      log,
      info: log,
    });
    started = Date.now();
    const ticking = worker.tick();
    const progress = setInterval(() => {
      void stepReport(database.db, step.id, 'SENDING').then(({ totals }) =>
        log(`report: queued ${totals.queued}, sent ${totals.sent}, eta ${totals.etaSeconds ?? '?'} s`),
      );
    }, 2000);
    const result = await ticking.finally(() => clearInterval(progress));
    const deliverMs = Date.now() - started;
    await worker.close();
    const report = await stepReport(database.db, step.id, 'SENT');
    if (report.totals.sent !== followers)
      throw new Error(`expected ${followers} sent, report says ${report.totals.sent} (tick reported ${result.sent})`);
    const sent = await database.db.announcementDelivery.count({ where: { announcementId: step.id, status: 'SENT' } });
    if (sent !== followers) throw new Error(`expected ${followers} sent, got ${sent}`);
    log(`delivered ${sent} in-app messages in ${deliverMs} ms`);
    const tenth = async (where: Prisma.Sql) => {
      const [row] = await database.db.$queryRaw<{ rows: number; ms: number }[]>(Prisma.sql`
        SELECT sum("toSeq" - "fromSeq" + 1)::int AS rows, (extract(epoch FROM max("finishedAt") - min("createdAt")) * 1000)::float8 AS ms
        FROM "DeliveryBatch" WHERE "announcementId" = ${step.id} AND "fromSeq" IS NOT NULL AND ${where}`);
      return row && row.ms > 0 ? Math.round(row.rows / (row.ms / 1000)) : null;
    };
    const firstTenth = await tenth(Prisma.sql`"toSeq" <= ${Math.ceil(followers / 10)}`);
    const lastTenth = await tenth(Prisma.sql`"fromSeq" > ${Math.floor((followers * 9) / 10)}`);
    console.log(
      JSON.stringify({
        followers,
        render_enqueue_ms: renderEnqueueMs,
        deliveries_per_s: Math.round(sent / (deliverMs / 1000)),
        first_tenth_per_s: firstTenth,
        last_tenth_per_s: lastTenth,
      }),
    );
  } finally {
    await database.drop();
    await rm(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
