import type { Database } from '../database/prisma-client';
import { Prisma } from '../../prisma/generated/client';

/**
 * Which steps are due is decided from the database alone, against the show as it is now, so a restart, a worker in
 * another process, or a missed in-process event changes nothing: a countdown step is due once
 * scheduledStartAt - offset has passed while the show is still SCHEDULED; "live now" once the show is LIVE.
 */
export async function findDueSteps(db: Database, now: Date, limit = 20): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT a."id" FROM "Announcement" a JOIN "Show" s ON s."id" = a."showId"
    WHERE a."status" = 'PENDING' AND (
      (a."trigger" = 'BEFORE_START' AND s."status" = 'SCHEDULED'
        AND s."scheduledStartAt" - make_interval(mins => a."offsetMinutes") <= ${now})
      OR (a."trigger" = 'LIVE_NOW' AND s."status" = 'LIVE'))
    ORDER BY a."sendAt" NULLS FIRST LIMIT ${limit}`);
  return rows.map((row) => row.id);
}

/**
 * Steps that can no longer fire: countdown steps of a show that went live, ended or was cancelled before their
 * time, and any step of a cancelled or ended show. What a cancelled show's steps still had queued is skipped.
 */
export async function cancelStaleSteps(db: Database, now: Date): Promise<number> {
  const cancelled = await db.$executeRaw(Prisma.sql`
    UPDATE "Announcement" a SET "status" = 'CANCELLED'
    FROM "Show" s WHERE s."id" = a."showId" AND a."status" = 'PENDING' AND (
      s."status" IN ('CANCELLED', 'ENDED') OR (a."trigger" = 'BEFORE_START' AND s."status" = 'LIVE'))`);
  const open = await db.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT a."id" FROM "Announcement" a JOIN "Show" s ON s."id" = a."showId"
    WHERE s."status" = 'CANCELLED' AND a."status" = 'SENDING'`);
  if (open.length > 0)
    await skipRemaining(
      db,
      open.map((step) => step.id),
      now,
      'show cancelled',
    );
  return cancelled;
}

/**
 * Skips what steps still have to send: the unclaimed part of each queue and the retries not leased right now.
 * Ranges being sent finish normally. The skipped rows are counted on a batch row, so the report stays exact.
 */
export async function skipRemaining(db: Database, stepIds: string[], now: Date, reason: string): Promise<number> {
  if (stepIds.length === 0) return 0;
  const [row] = await db.$queryRaw<{ n: number }[]>(Prisma.sql`
    WITH queues AS (
      SELECT q."announcementId", q."channel", q."nextSeq", q."lastSeq" FROM "DeliveryQueue" q
      WHERE q."announcementId" = ANY(${stepIds}::text[]) AND q."nextSeq" <= q."lastSeq" FOR UPDATE),
    exhausted AS (
      UPDATE "DeliveryQueue" q SET "nextSeq" = queues."lastSeq" + 1 FROM queues
      WHERE q."announcementId" = queues."announcementId" AND q."channel" = queues."channel"),
    retries AS (
      DELETE FROM "DeliveryRetry" r WHERE r."announcementId" = ANY(${stepIds}::text[]) AND r."dueAt" <= ${now} RETURNING r."deliveryId"),
    skipped AS (
      UPDATE "AnnouncementDelivery" d SET "status" = 'SKIPPED', "lastError" = ${reason}
      FROM queues WHERE d."announcementId" = queues."announcementId" AND d."channel" = queues."channel"
        AND d."seq" BETWEEN queues."nextSeq" AND queues."lastSeq" AND d."status" = 'QUEUED' AND d."attempts" = 0
      RETURNING d."announcementId", d."channel"),
    skippedRetries AS (
      UPDATE "AnnouncementDelivery" d SET "status" = 'SKIPPED', "lastError" = ${reason}
      FROM retries WHERE d."id" = retries."deliveryId" AND d."status" = 'QUEUED'
      RETURNING d."announcementId", d."channel"),
    -- the whole unclaimed part of each queue is skipped, rows deleted with their follower included
    counted AS (
      INSERT INTO "DeliveryBatch" ("id", "announcementId", "channel", "done", "finishedAt", "createdAt", "skipped")
      SELECT gen_random_uuid()::text, "announcementId", "channel", TRUE, ${now}, ${now}, sum(n)
      FROM (SELECT "announcementId", "channel", "lastSeq" - "nextSeq" + 1 AS n FROM queues
            UNION ALL SELECT "announcementId", "channel", 1 FROM skippedRetries) s GROUP BY s."announcementId", s."channel")
    SELECT ((SELECT count(*) FROM skipped) + (SELECT count(*) FROM skippedRetries))::int AS n`);
  return row?.n ?? 0;
}

/** A SENDING step whose queues are exhausted, with no range being sent and no retry waiting, is SENT. */
export async function completeSteps(db: Database): Promise<number> {
  return db.$executeRaw(Prisma.sql`
    UPDATE "Announcement" a SET "status" = 'SENT'
    WHERE a."status" = 'SENDING'
      AND NOT EXISTS (SELECT 1 FROM "DeliveryQueue" q WHERE q."announcementId" = a."id" AND q."nextSeq" <= q."lastSeq")
      AND NOT EXISTS (SELECT 1 FROM "DeliveryBatch" b WHERE b."announcementId" = a."id" AND NOT b."done")
      AND NOT EXISTS (SELECT 1 FROM "DeliveryRetry" r WHERE r."announcementId" = a."id")`);
}
