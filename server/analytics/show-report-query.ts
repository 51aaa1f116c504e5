// Everything the show report reads, in one statement on node-postgres: one snapshot for the roll-ups and the raw
// tail above the roll-up's id, and one query instead of seven through Prisma (each a few event-loop turns, which on
// a busy node are what a report waited for). The roll-up's id is read first and passed as a value, so the planner
// sees how small the tail is (as a subquery it guessed a third of the table and planned a parallel scan, ~50 ms of
// worker start-up); the statement returns the id its snapshot saw, and a roll-up that committed in between (rare:
// one every 10 s) means one more try, so the tail never overlaps the roll-ups.
import { Prisma } from '../../prisma/generated/client';
import { sqlPool, type Database } from '../database/prisma-client';
import { minuteAggregate } from './analytics-rollup';

export interface MinuteRow {
  /** start of the minute, epoch ms */
  minute: number;
  replay: boolean;
  kind: string;
  productId: string;
  saleId: string;
  count: number;
  viewers: number;
  units: number;
  amountMinor: number;
}

export interface ReportInputs {
  show: {
    id: string;
    title: string;
    status: string;
    startedAt: number | null;
    endedAt: number | null;
  } | null;
  /** roll-up rows, then the tail's (the caller merges them) */
  rows: MinuteRow[];
  timeZone: string | null;
  viewers: { live: number; liveAvg: number | null; replay: number; replayAvg: number | null };
  products: { id: string; productId: string; title: string; currency: string }[];
  sales: {
    id: string;
    productId: string;
    title: string;
    startsAt: number;
    endsAt: number;
    quantity: number;
    soldOutAt: number | null;
  }[];
  newFollowers: number;
  orderCurrency: string | null;
}

const rollupMaxId = `SELECT coalesce((SELECT "maxId" FROM "AnalyticsRollupState" WHERE id = 1), 0)::text AS "maxId"`;
const ms = (column: Prisma.Sql) => Prisma.sql`(extract(epoch FROM ${column}) * 1000)::float8`;
const minuteColumns = Prisma.sql`${ms(Prisma.sql`minute`)} AS minute, replay, kind, "productId", "saleId", count, viewers, units, "amountMinor"`;

/** The statement (exported for the profile in bench/analytics/report-profile.ts). */
export const reportStatement = (brandId: string, showId: string, now: Date, maxId: bigint) => Prisma.sql`
    WITH the_show AS (SELECT id, title, status::text, "startedAt", "endedAt" FROM "Show" WHERE id = ${showId} AND "brandId" = ${brandId})
    SELECT
      (SELECT coalesce((SELECT "maxId" FROM "AnalyticsRollupState" WHERE id = 1), 0))::text AS "maxId",
      (SELECT json_build_object('id', id, 'title', title, 'status', status, 'startedAt', ${ms(Prisma.sql`"startedAt"`)},
        'endedAt', ${ms(Prisma.sql`"endedAt"`)}) FROM the_show) AS show,
      (SELECT coalesce(json_agg(r), '[]') FROM (
        SELECT ${minuteColumns} FROM "AnalyticsMinute" WHERE "showId" = ${showId}
        UNION ALL
        SELECT ${minuteColumns} FROM (
          ${minuteAggregate(Prisma.sql`"AnalyticsEvent" e`, Prisma.sql`e."showId" = ${showId} AND e.id > ${maxId}`)}
        ) AS tail
      ) r) AS rows,
      (SELECT "timeZone" FROM "AnalyticsBrandSettings" WHERE "brandId" = ${brandId}) AS "timeZone",
      (SELECT json_build_object(
         'live', count(*) FILTER (WHERE live), 'liveAvg', avg("liveSeconds") FILTER (WHERE live),
         'replay', count(*) FILTER (WHERE replay), 'replayAvg', avg("replaySeconds") FILTER (WHERE replay))
       FROM "AnalyticsViewer" WHERE "showId" = ${showId}) AS viewers,
      (SELECT coalesce(json_agg(json_build_object('id', sp.id, 'productId', sp."productId", 'title', p.title, 'currency', p.currency)
         ORDER BY sp.position), '[]')
       FROM "ShowProduct" sp JOIN "Product" p ON p.id = sp."productId" WHERE sp."showId" = ${showId}) AS products,
      (SELECT coalesce(json_agg(json_build_object('id', f.id, 'productId', sp."productId", 'title', p.title,
         'startsAt', ${ms(Prisma.sql`f."startsAt"`)}, 'endsAt', ${ms(Prisma.sql`f."endsAt"`)}, 'quantity', f.quantity,
         'soldOutAt', ${ms(Prisma.sql`(
           SELECT c."createdAt" FROM (SELECT r."createdAt", sum(r.quantity) OVER (ORDER BY r."createdAt", r.id) AS taken
             FROM "Reservation" r WHERE r."flashSaleId" = f.id AND r.status IN ('HELD', 'CONVERTED')) c
           WHERE c.taken >= f.quantity ORDER BY c."createdAt" LIMIT 1)`)}) ORDER BY f."startsAt"), '[]')
       FROM "FlashSale" f JOIN "ShowProduct" sp ON sp.id = f."showProductId" JOIN "Product" p ON p.id = sp."productId"
       WHERE sp."showId" = ${showId}) AS sales,
      (SELECT count(*)::int FROM "Follower" fo, the_show s WHERE fo."brandId" = ${brandId} AND s."startedAt" IS NOT NULL
         AND fo."createdAt" >= s."startedAt" AND fo."createdAt" <= coalesce(s."endedAt", ${now})) AS "newFollowers",
      (SELECT currency FROM "Order" WHERE "showId" = ${showId} LIMIT 1) AS "orderCurrency"`;

export async function readReportInputs(
  db: Database,
  brandId: string,
  showId: string,
  now: Date,
): Promise<ReportInputs> {
  const pool = sqlPool(db);
  const read = await pool.query<{ maxId: string }>(rollupMaxId);
  let maxId = BigInt(read.rows[0]?.maxId ?? 0);
  for (let attempt = 1; ; attempt++) {
    const statement = reportStatement(brandId, showId, now, maxId);
    const { rows } = await pool.query<ReportInputs & { maxId: string }>(statement.text, statement.values);
    const { maxId: seen, ...inputs } = rows[0]!;
    if (BigInt(seen) === maxId || attempt === 3) return inputs;
    maxId = BigInt(seen);
  }
}
