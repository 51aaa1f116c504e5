import type { Database } from '../database/prisma-client';
import { Prisma } from '../../prisma/generated/client';
import type { ChannelName, DeliveryOutcome, OutgoingDelivery } from '../channels/channel-port';
import type { RenderedMessage } from './announcement-schemas';

interface ClaimedRow {
  id: string;
  announcementId: string;
  showId: string;
  attempts: number;
  rendered: RenderedMessage;
  followerId: string;
  name: string;
  email: string | null;
  lineUserId: string | null;
  userId: string | null;
  optedOut: boolean;
}

export interface Claimed {
  deliveries: OutgoingDelivery[];
  /** Claimed rows whose follower opted out of the channel after the step was enqueued. */
  optedOut: { id: string; attempts: number }[];
}

const optOutColumn: Record<ChannelName, Prisma.Sql> = {
  INAPP: Prisma.sql`FALSE`,
  EMAIL: Prisma.sql`f."optOutEmail"`,
  PUSH: Prisma.sql`f."optOutPush"`,
  LINE: Prisma.sql`f."optOutLine"`,
};

/**
 * Claims up to `limit` due deliveries of one channel. The row locks (FOR UPDATE SKIP LOCKED) make concurrent
 * workers pick disjoint rows; the claim itself is a lease: attempts + 1 and nextAttemptAt pushed to `leaseUntil`,
 * committed at once, so no connection is held while a provider is called and a crashed worker's rows come back
 * when the lease runs out. The attempt number is the fencing token for recording the outcome.
 */
export async function claimDeliveries(db: Database, channel: ChannelName, limit: number, now: Date, leaseUntil: Date): Promise<Claimed> {
  if (limit <= 0) return { deliveries: [], optedOut: [] };
  const rows = await db.$queryRaw<ClaimedRow[]>(Prisma.sql`
    WITH picked AS (
      SELECT d."id" FROM "AnnouncementDelivery" d
      WHERE d."status" = 'QUEUED' AND d."channel" = ${channel}::"DeliveryChannel" AND d."nextAttemptAt" <= ${now}
      ORDER BY d."nextAttemptAt" LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    UPDATE "AnnouncementDelivery" d SET "attempts" = d."attempts" + 1, "nextAttemptAt" = ${leaseUntil}
    FROM picked, "Follower" f, "Announcement" a
    WHERE d."id" = picked."id" AND f."id" = d."followerId" AND a."id" = d."announcementId"
    RETURNING d."id", d."announcementId", a."showId", d."attempts", d."rendered", f."id" AS "followerId", f."name", f."email",
      f."lineUserId", f."userId", ${optOutColumn[channel]} AS "optedOut"`);
  const claimed: Claimed = { deliveries: [], optedOut: [] };
  for (const row of rows) {
    if (row.optedOut) {
      claimed.optedOut.push({ id: row.id, attempts: row.attempts });
      continue;
    }
    claimed.deliveries.push({
      id: row.id,
      announcementId: row.announcementId,
      showId: row.showId,
      attempts: row.attempts,
      follower: { id: row.followerId, name: row.name, email: row.email, lineUserId: row.lineUserId, userId: row.userId },
      message: row.rendered,
    });
  }
  return claimed;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 6, baseDelayMs: 5_000, maxDelayMs: 30 * 60_000 };

/** Exponential backoff with ±20 % jitter so a burst of failures does not retry in lockstep. */
export function backoffMs(attempts: number, policy: RetryPolicy, random = Math.random): number {
  const raw = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

/**
 * Records outcomes set-based. Each update is fenced on (id, attempts, QUEUED): a worker whose lease ran out and
 * whose row was re-claimed by another cannot overwrite the newer attempt. Returns the ids actually marked SENT.
 */
export async function recordOutcomes(
  db: Database,
  outcomes: (DeliveryOutcome & { attempts: number })[],
  now: Date,
  policy: RetryPolicy,
): Promise<Set<string>> {
  const ids: string[] = [];
  const attempts: number[] = [];
  const statuses: string[] = [];
  const nextAttempts: Date[] = [];
  const errors: (string | null)[] = [];
  const delivered: boolean[] = [];
  for (const outcome of outcomes) {
    ids.push(outcome.id);
    attempts.push(outcome.attempts);
    if (outcome.status === 'SENT') {
      statuses.push('SENT');
      nextAttempts.push(now);
      errors.push(null);
      delivered.push(outcome.delivered);
    } else if (outcome.status === 'SKIPPED') {
      statuses.push('SKIPPED');
      nextAttempts.push(now);
      errors.push(outcome.reason);
      delivered.push(false);
    } else {
      const giveUp = outcome.permanent || outcome.attempts >= policy.maxAttempts;
      statuses.push(giveUp ? 'FAILED' : 'QUEUED');
      nextAttempts.push(new Date(now.getTime() + (giveUp ? 0 : backoffMs(outcome.attempts, policy))));
      errors.push(outcome.error);
      delivered.push(false);
    }
  }
  if (ids.length === 0) return new Set();
  const updated = await db.$queryRaw<{ id: string; status: string }[]>(Prisma.sql`
    UPDATE "AnnouncementDelivery" d SET
      "status" = u.status::"DeliveryStatus",
      "nextAttemptAt" = u.next,
      "lastError" = u.error,
      "sentAt" = CASE WHEN u.status = 'SENT' THEN ${now} ELSE d."sentAt" END,
      "deliveredAt" = CASE WHEN u.status = 'SENT' AND u.delivered THEN ${now} ELSE d."deliveredAt" END
    FROM unnest(${ids}::text[], ${attempts}::int[], ${statuses}::text[], ${nextAttempts}::timestamp[], ${errors}::text[], ${delivered}::boolean[])
      AS u(id, attempts, status, next, error, delivered)
    WHERE d."id" = u.id AND d."attempts" = u.attempts AND d."status" = 'QUEUED'
    RETURNING d."id", d."status"`);
  return new Set(updated.filter((row) => row.status === 'SENT').map((row) => row.id));
}
