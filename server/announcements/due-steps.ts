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
 * time, and any step of a cancelled or ended show. Queued deliveries of a cancelled show are skipped too.
 */
export async function cancelStaleSteps(db: Database, now: Date): Promise<number> {
  const cancelled = await db.$executeRaw(Prisma.sql`
    UPDATE "Announcement" a SET "status" = 'CANCELLED'
    FROM "Show" s WHERE s."id" = a."showId" AND a."status" = 'PENDING' AND (
      s."status" IN ('CANCELLED', 'ENDED') OR (a."trigger" = 'BEFORE_START' AND s."status" = 'LIVE'))`);
  await db.$executeRaw(Prisma.sql`
    UPDATE "AnnouncementDelivery" d SET "status" = 'SKIPPED', "lastError" = 'show cancelled'
    FROM "Announcement" a JOIN "Show" s ON s."id" = a."showId"
    WHERE d."announcementId" = a."id" AND d."status" = 'QUEUED' AND s."status" = 'CANCELLED' AND d."nextAttemptAt" <= ${now}`);
  return cancelled;
}

/** A SENDING step with nothing left queued is SENT. */
export async function completeSteps(db: Database): Promise<number> {
  return db.$executeRaw(Prisma.sql`
    UPDATE "Announcement" a SET "status" = 'SENT'
    WHERE a."status" = 'SENDING'
      AND NOT EXISTS (SELECT 1 FROM "AnnouncementDelivery" d WHERE d."announcementId" = a."id" AND d."status" = 'QUEUED')`);
}
