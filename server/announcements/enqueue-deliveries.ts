import { z } from 'zod';
import type { Database } from '../database/prisma-client';
import { Prisma } from '../../prisma/generated/client';
import type { ChannelName } from '../channels/channel-port';
import { audiencePredicate } from '../segments/segment-filter';
import { parseStoredFilter } from '../segments/segment-service';
import { compileStep, loadStepContext, type RenderDeps } from './render-step';
import { personalTextsSql } from './render-sql';

export interface EnqueueDeps extends RenderDeps {
  /** Channels this platform can send on; INAPP is always among them. */
  channels: ReadonlySet<ChannelName>;
}

/** A delivery id as enqueueStep writes it (see below), or a random UUID (rows from before). */
export const deliveryIdSchema = z.union([z.uuid(), z.string().regex(/^d[0-9a-z]{8,9}[IEPL][0-9a-f]{27}$/)]);

const channelOrder: ChannelName[] = ['INAPP', 'EMAIL', 'PUSH', 'LINE'];

/** Which followers a channel can reach at all; opt-outs that come later are seen again when the row is claimed. */
const eligible: Record<ChannelName, Prisma.Sql> = {
  INAPP: Prisma.sql`f."userId" IS NOT NULL`,
  EMAIL: Prisma.sql`f."email" IS NOT NULL AND NOT f."optOutEmail"`,
  PUSH: Prisma.sql`NOT f."optOutPush" AND EXISTS (SELECT 1 FROM "PushSubscription" p WHERE p."followerId" = f."id")`,
  LINE: Prisma.sql`f."lineUserId" IS NOT NULL AND NOT f."optOutLine"`,
};

/**
 * Turns one due step into delivery rows, in one transaction that holds the step's row lock: either every delivery
 * exists and the step is SENDING, or nothing happened and another worker (or this one, later) tries again. That
 * lock and the PENDING -> SENDING change make enqueueing happen once per step, and each channel's INSERT selects a
 * follower at most once; the unique (follower, step, channel) key holds it too. No ON CONFLICT clause: it made
 * PostgreSQL check every unique index before each row and cost a third of the insert (README.md).
 *
 * Per channel, one INSERT … SELECT over the segment renders and numbers every recipient in the database: the step is
 * compiled once and stored as its template; a row keeps only its personalized texts (render-sql.ts) and a dense
 * seq, which workers claim in ranges (claim-deliveries.ts). The id starts with the step's enqueue time and the seq
 * (so the primary key grows at its right edge instead of at random places) and ends with 74 random bits (20 hex
 * digits of a v4 UUID, less its version and variant bits): it is the key of the recipient's personalized image, so it
 * must not be guessable.
 * Returns null when the step was not PENDING or another worker holds it.
 */
export async function enqueueStep(
  db: Database,
  deps: EnqueueDeps,
  announcementId: string,
  now: Date,
): Promise<{ deliveries: number } | null> {
  return db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ id: string; brandId: string; segmentId: string | null }[]>(
        Prisma.sql`SELECT "id", "brandId", "segmentId" FROM "Announcement" WHERE "id" = ${announcementId} AND "status" = 'PENDING' FOR UPDATE SKIP LOCKED`,
      );
      const step = locked[0];
      if (!step) return null;
      const compiled = compileStep(await loadStepContext(tx as unknown as Database, step.id), deps);
      const segment = step.segmentId ? await tx.segment.findUnique({ where: { id: step.segmentId } }) : null;
      const filter = segment ? parseStoredFilter(segment.filter) : null;
      const personal = personalTextsSql(compiled, Prisma.sql`r."name"`);
      const stamp = `d${now.getTime().toString(36)}`;
      let deliveries = 0;
      for (const channel of channelOrder.filter((name) => name === 'INAPP' || deps.channels.has(name))) {
        const [range] = await tx.$queryRaw<{ rows: number; lastSeq: number | null }[]>(Prisma.sql`
          WITH inserted AS (INSERT INTO "AnnouncementDelivery" ("id", "announcementId", "followerId", "channel", "seq", "status", "personal", "nextAttemptAt", "createdAt")
          SELECT ${`${stamp}${channel[0]}`} || lpad(to_hex(r."seq"), 7, '0') || left(replace(r."random", '-', ''), 20),
            ${step.id}, r."followerId", ${channel}::"DeliveryChannel", r."seq", 'QUEUED', ${personal}, ${now}, ${now}
          FROM (
            SELECT f."id" AS "followerId", f."name", gen_random_uuid()::text AS "random", row_number() OVER () AS "seq"
            FROM "Follower" f
            WHERE f."brandId" = ${step.brandId} AND ${eligible[channel]} AND ${audiencePredicate(filter)}
          ) r
          RETURNING "seq")
          SELECT count(*)::int AS "rows", max("seq")::int AS "lastSeq" FROM inserted`);
        if (!range?.lastSeq) continue;
        await tx.deliveryQueue.create({
          data: { announcementId: step.id, channel, lastSeq: range.lastSeq, createdAt: now },
        });
        deliveries += range.rows;
      }
      await tx.announcement.update({
        where: { id: step.id },
        data: { status: 'SENDING', sendAt: now, template: compiled as unknown as Prisma.InputJsonValue },
      });
      return { deliveries };
    },
    // A million followers take tens of seconds on a busy machine; the step stays locked (and atomic) meanwhile.
    { timeout: 600_000, maxWait: 10_000 },
  );
}
