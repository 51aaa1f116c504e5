// Roll-ups per show per minute, recomputed from the raw events of every minute that got new rows, so a roll-up
// always equals its raw events (late rows included); and the retention sweep of raw events.
import { Prisma } from '../../prisma/generated/client';
import type { Database } from '../database/prisma-client';

/** Rows written since the last run started, minus this much, are looked at (a slow transaction commits late). */
const lookbackSeconds = 10;

/**
 * The rows of AnalyticsMinute for the events a WHERE clause selects: per (show, minute, replay, kind, product, sale)
 * counts, units and amounts, plus one `_present` row per (show, minute, replay) whose `viewers` is the distinct
 * viewers who joined, beat or left in that minute (the concurrent viewers of that minute). Distinct viewers are
 * counted for `_present` only (0 on the other rows): per kind and minute they add up to nothing a report can use,
 * and counting them sorted every event of a minute at every run, the roll-up's main cost at 2,000 events a second.
 */
export const minuteAggregate = (from: Prisma.Sql, where: Prisma.Sql = Prisma.sql`true`) => Prisma.sql`
  SELECT e."showId", date_trunc('minute', e.at) AS minute, e.replay, e.kind, coalesce(e."productId", '') AS "productId",
         coalesce(e."saleId", '') AS "saleId", min(e."brandId") AS "brandId", count(*)::int AS count,
         0 AS viewers, coalesce(sum(e.units), 0)::int AS units, coalesce(sum(e."amountMinor"), 0)::bigint AS "amountMinor"
  FROM ${from} WHERE ${where}
  GROUP BY 1, 2, 3, 4, 5, 6
  UNION ALL
  SELECT e."showId", date_trunc('minute', e.at), e.replay, '_present', '', '', min(e."brandId"), count(*)::int,
         count(DISTINCT e."viewerKey")::int, 0, 0::bigint
  FROM ${from} WHERE ${where} AND e.kind IN ('viewer_joined', 'heartbeat', 'viewer_left')
  GROUP BY 1, 2, 3`;

export interface RollupResult {
  minutes: number;
  maxId: bigint;
}

/**
 * One run: the minutes touched since the previous run are deleted and written again from their raw events up to the
 * highest id seen at the start, which is kept: the live report adds the raw events above it, so it never counts an
 * event twice. An event below that id still in flight then is picked up by the next run (the look-back).
 * Runs are serialized by the state row's lock (several workers may run it).
 */
export async function rollUp(db: Database, now = new Date()): Promise<RollupResult> {
  return db.$transaction(
    async (tx) => {
      // A background job on the database the live show writes to: no JIT (a first run, from the epoch, is planned on the
      // whole table and its compilation cost 1 s of CPU for 0.13 s of work) and no parallel workers (they take the cores
      // the realtime nodes deliver chat on).
      await tx.$executeRaw`SET LOCAL jit = off`;
      await tx.$executeRaw`SET LOCAL max_parallel_workers_per_gather = 0`;
      await tx.$executeRaw`INSERT INTO "AnalyticsRollupState" (id, "maxId", "ranAt") VALUES (1, 0, 'epoch') ON CONFLICT (id) DO NOTHING`;
      const [state] = await tx.$queryRaw<
        { ranAt: Date }[]
      >`SELECT "ranAt" FROM "AnalyticsRollupState" WHERE id = 1 FOR UPDATE`;
      const since = new Date((state?.ranAt.getTime() ?? 0) - lookbackSeconds * 1000);
      const [top] = await tx.$queryRaw<
        { maxId: bigint }[]
      >`SELECT coalesce(max(id), 0)::bigint AS "maxId" FROM "AnalyticsEvent"`;
      const maxId = top?.maxId ?? 0n;
      const touched = Prisma.sql`(SELECT DISTINCT "showId", date_trunc('minute', at) AS minute FROM "AnalyticsEvent" WHERE "recordedAt" >= ${since} AND id <= ${maxId})`;
      await tx.$executeRaw`DELETE FROM "AnalyticsMinute" m USING ${touched} t WHERE m."showId" = t."showId" AND m.minute = t.minute`;
      const minutes = await tx.$executeRaw`
        INSERT INTO "AnalyticsMinute" ("showId", minute, replay, kind, "productId", "saleId", "brandId", count, viewers, units, "amountMinor")
        ${minuteAggregate(Prisma.sql`"AnalyticsEvent" e JOIN ${touched} t ON t."showId" = e."showId" AND e.at >= t.minute AND e.at < t.minute + interval '1 minute'`, Prisma.sql`e.id <= ${maxId}`)}`;
      await tx.$executeRaw`UPDATE "AnalyticsRollupState" SET "maxId" = ${maxId}, "ranAt" = ${now} WHERE id = 1`;
      return { minutes, maxId };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

/** Deletes raw events older than the retention, a bounded slice per call (roll-ups stay). Returns how many. */
export async function sweepRawEvents(
  db: Database,
  retentionDays: number,
  now = new Date(),
  limit = 20_000,
): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  return db.$executeRaw`
    DELETE FROM "AnalyticsEvent" WHERE id IN (SELECT id FROM "AnalyticsEvent" WHERE "recordedAt" < ${cutoff} ORDER BY "recordedAt" LIMIT ${limit})`;
}
