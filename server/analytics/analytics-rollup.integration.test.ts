// Roll-ups against PostgreSQL with events written by the real batch writer: per minute and kind the roll-up rows
// equal the raw events (distinct viewers of a minute included), also for a row that commits after a roll-up ran;
// the live report's inputs (roll-ups plus the raw tail above the roll-up's id) never count an event twice; and the
// writer's per-viewer rows carry watch time live and replay apart, the anonymous id and the first announcement.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
import { minuteAggregate, rollUp } from './analytics-rollup';
import { eventLine, viewerLinePrefix, writeBatch, type AnalyticsBatch } from './analytics-writer';
import { EventLines } from './event-lines';
import { showReport } from './show-report';
import { readReportInputs } from './show-report-query';
import { Prisma } from '../../prisma/generated/client';

describe('analytics roll-ups', () => {
  let database: TestDatabase;
  let brandId: string;
  let showId: string;
  const start = Date.UTC(2026, 5, 1, 18, 0, 0);
  beforeAll(async () => {
    database = await createTestDatabase();
    const brand = await database.db.brand.create({
      data: { name: 'Rollup', slug: `rollup-${randomBytes(4).toString('hex')}` },
    });
    brandId = brand.id;
    const show = await database.db.show.create({
      data: {
        brandId,
        title: 'Rollup show',
        scheduledStartAt: new Date(start),
        startedAt: new Date(start),
        status: 'LIVE',
        streamKeyHash: randomBytes(16).toString('hex'),
      },
    });
    showId = show.id;
  });
  afterAll(async () => {
    await database?.drop();
  });

  const batch = (lines: string[], extra: Partial<AnalyticsBatch> = {}): AnalyticsBatch => ({
    lines: EventLines.of(lines),
    orders: [],
    taps: [],
    sources: [],
    identities: new Map(),
    anonIds: [],
    ...extra,
  });
  const viewer = (key: string, replay = false) =>
    viewerLinePrefix(brandId, showId, key, key.startsWith('u:') ? key.slice(2) : null, replay);
  /** What the roll-up of these raw events must be, straight from the raw table. */
  const fromRaw = async () =>
    normalize(
      await database.db.$queryRaw<
        Row[]
      >`SELECT * FROM (${minuteAggregate(Prisma.sql`"AnalyticsEvent" e`, Prisma.sql`e."showId" = ${showId}`)}) AS r`,
    );
  const rolled = async () =>
    normalize(await database.db.$queryRaw<Row[]>`SELECT * FROM "AnalyticsMinute" WHERE "showId" = ${showId}`);

  it('writes viewer rows from the lines: watch time live and replay apart, anonymous id, first touch', async () => {
    const anon = viewer('a:anon-one-1234');
    await writeBatch(
      database.db,
      batch(
        [
          eventLine(anon, 'viewer_joined', null, 0, start),
          eventLine(anon, 'heartbeat', null, 15, start + 15_000),
          eventLine(viewer('a:anon-one-1234', true), 'heartbeat', null, 40, start + 20_000),
        ],
        {
          anonIds: [{ showId, viewerKey: 'a:anon-one-1234', anonId: 'anon-one-1234' }],
          sources: [{ showId, viewerKey: 'a:anon-one-1234', deliveryId: 'delivery-first', balloon: 2 }],
        },
      ),
    );
    await writeBatch(
      database.db,
      batch([eventLine(anon, 'viewer_left', null, 5, start + 20_000)], {
        sources: [{ showId, viewerKey: 'a:anon-one-1234', deliveryId: 'delivery-later', balloon: 0 }],
      }),
    );
    const row = await database.db.analyticsViewer.findUniqueOrThrow({
      where: { showId_viewerKey: { showId, viewerKey: 'a:anon-one-1234' } },
    });
    expect(row).toMatchObject({
      brandId,
      userId: null,
      anonId: 'anon-one-1234',
      liveSeconds: 20,
      replaySeconds: 40,
      live: true,
      replay: true,
      sourceDelivery: 'delivery-first',
      sourceBalloon: 2,
    });
    expect(row.firstAt.getTime()).toBe(start);
    expect(row.lastAt.getTime()).toBe(start + 20_000);
    expect(await database.db.analyticsEvent.count({ where: { showId } })).toBe(4);
  });

  it('rolls up per minute exactly as the raw events, late rows and the live tail included', async () => {
    const lines: string[] = [];
    // three minutes, ten viewers beating every 15 s, taps and chat from some of them
    for (let second = 0; second < 180; second += 5)
      for (let v = 0; v < 10; v++) {
        const prefix = viewer(v % 2 ? `u:user${v}` : `a:anon-viewer-${v}`);
        if ((second / 5 + v) % 3 === 0) lines.push(eventLine(prefix, 'heartbeat', null, 15, start + second * 1000));
        if (v === second % 7) lines.push(eventLine(prefix, 'card_tapped', 'product-a', 0, start + second * 1000 + v));
        if (v === 3) lines.push(eventLine(prefix, 'chat_message', null, 0, start + second * 1000 + 500));
      }
    await writeBatch(database.db, batch(lines));
    const first = await rollUp(database.db);
    expect(first.minutes).toBeGreaterThan(0);
    expect(await rolled()).toEqual(await fromRaw());

    // a row of a transaction that committed after the roll-up, with an id below the roll-up's: the next run has it
    await database.db.$executeRaw`
      INSERT INTO "AnalyticsEvent" (id, "brandId", "showId", at, kind, "viewerKey", units, replay)
      VALUES (0, ${brandId}, ${showId}, ${new Date(start + 61_000)}, 'heartbeat', 'a:late-viewer-0', 15, false)`;
    // and newer rows, in the live tail until the next run
    await writeBatch(
      database.db,
      batch([
        eventLine(viewer('a:anon-viewer-0'), 'reaction', null, 0, start + 125_000),
        eventLine(viewer('a:tail-viewer-1'), 'heartbeat', null, 15, start + 126_000),
      ]),
    );
    const live = await readReportInputs(database.db, brandId, showId, new Date());
    const liveCount = (kind: string) => live.rows.filter((r) => r.kind === kind).reduce((sum, r) => sum + r.count, 0);
    const rawCount = async (kind: string) => database.db.analyticsEvent.count({ where: { showId, kind } });
    for (const kind of ['reaction', 'card_tapped', 'chat_message'])
      expect(liveCount(kind), kind).toBe(await rawCount(kind));
    // the late row is below the roll-up's id: not in the tail (it would be counted twice after the next run) but in
    // the next roll-up
    expect(liveCount('heartbeat')).toBe((await rawCount('heartbeat')) - 1);

    await rollUp(database.db);
    expect(await rolled()).toEqual(await fromRaw());
    const after = await readReportInputs(database.db, brandId, showId, new Date());
    expect(after.rows.filter((r) => r.kind === 'heartbeat').reduce((sum, r) => sum + r.count, 0)).toBe(
      await rawCount('heartbeat'),
    );
    const present = (rows: { kind: string; minute: number | Date; viewers: number }[]) =>
      rows
        .filter((r) => r.kind === '_present')
        .map((r) => `${new Date(r.minute).toISOString()} ${r.viewers}`)
        .sort();
    expect(present(after.rows)).toEqual(present(await fromRaw()));
  });

  it('reports replay per day in the brand time zone, apart from the live minutes', async () => {
    await database.db.analyticsBrandSettings.create({ data: { brandId, timeZone: 'Asia/Tokyo' } });
    // 18:00 UTC on 1 June is 03:00 on 2 June in Tokyo
    const replayStart = Date.UTC(2026, 5, 1, 18, 0, 0);
    await writeBatch(
      database.db,
      batch([
        eventLine(viewer('a:replay-viewer-1', true), 'viewer_joined', null, 0, replayStart),
        eventLine(viewer('a:replay-viewer-2', true), 'viewer_joined', null, 0, replayStart + 86_400_000),
      ]),
    );
    const report = await showReport(database.db, brandId, showId);
    expect(report.timeZone).toBe('Asia/Tokyo');
    expect(report.replayDays.map((d) => [d.day, d.views])).toEqual([
      ['2026-06-02', 1],
      ['2026-06-03', 1],
    ]);
    // the live minutes end where the live events end: a replay a day later does not stretch them
    expect(Date.parse(report.minutes.at(-1)!.minute)).toBeLessThan(replayStart + 3_600_000);
  });

  it('sums a minute of one product past 2^31 minor units (the roll-up failed with integer out of range)', async () => {
    const at = new Date(start + 30_000);
    for (const amount of [2_000_000_000, 2_000_000_000])
      await database.db.$executeRaw`
        INSERT INTO "AnalyticsEvent" ("brandId", "showId", at, kind, "viewerKey", "productId", units, "amountMinor", replay)
        VALUES (${brandId}, ${showId}, ${at}, 'order_paid', 'u:big-spender', 'product-big', 1, ${amount}, false)`;
    await rollUp(database.db);
    const [row] = await database.db.$queryRaw<{ amountMinor: bigint }[]>`
      SELECT "amountMinor" FROM "AnalyticsMinute"
      WHERE "showId" = ${showId} AND kind = 'order_paid' AND "productId" = 'product-big'`;
    expect(row?.amountMinor).toBe(4_000_000_000n);
    const inputs = await readReportInputs(database.db, brandId, showId, new Date());
    const big = inputs.rows.filter((r) => r.kind === 'order_paid' && r.productId === 'product-big');
    expect(big.reduce((sum, r) => sum + r.amountMinor, 0)).toBe(4_000_000_000);
  });
});

interface Row {
  minute: Date;
  replay: boolean;
  kind: string;
  productId: string;
  saleId: string;
  count: number;
  viewers: number;
  units: number;
  amountMinor: bigint;
}

const normalize = (rows: Row[]) =>
  rows
    .map(({ minute, replay, kind, productId, saleId, count, viewers, units, amountMinor }) => ({
      minute: minute.getTime(),
      replay,
      kind,
      productId,
      saleId,
      count,
      viewers,
      units,
      amountMinor,
    }))
    .sort((a, b) => a.minute - b.minute || a.kind.localeCompare(b.kind) || Number(a.replay) - Number(b.replay));
