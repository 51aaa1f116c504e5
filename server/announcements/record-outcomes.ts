import { randomUUID } from 'node:crypto';
import type { Database } from '../database/prisma-client';
import { Prisma } from '../../prisma/generated/client';
import type { DeliveryOutcome } from '../channels/channel-port';
import type { Lease } from './claim-deliveries';

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

export type Recorded = DeliveryOutcome & { attempts: number };

interface Columns {
  ids: string[];
  statuses: string[];
  next: Date[];
  errors: (string | null)[];
  delivered: boolean[];
  counts: { sent: number; delivered: number; failed: number; skipped: number };
}

/** One jitter per request that failed (`retryGroup`): its rows are due at one time and are claimed together again. */
function jitterOf(group: string | undefined, drawn: Map<string, number>): () => number {
  if (group === undefined) return Math.random;
  let value = drawn.get(group);
  if (value === undefined) {
    value = Math.random();
    drawn.set(group, value);
  }
  const shared = value;
  return () => shared;
}

function columns(outcomes: Recorded[], now: Date, policy: RetryPolicy): Columns {
  const c: Columns = {
    ids: [],
    statuses: [],
    next: [],
    errors: [],
    delivered: [],
    counts: { sent: 0, delivered: 0, failed: 0, skipped: 0 },
  };
  const drawn = new Map<string, number>();
  for (const outcome of outcomes) {
    c.ids.push(outcome.id);
    if (outcome.status === 'SENT') {
      c.statuses.push('SENT');
      c.next.push(now);
      c.errors.push(null);
      c.delivered.push(outcome.delivered);
      c.counts.sent += 1;
      if (outcome.delivered) c.counts.delivered += 1;
    } else if (outcome.status === 'SKIPPED') {
      c.statuses.push('SKIPPED');
      c.next.push(now);
      c.errors.push(outcome.reason);
      c.delivered.push(false);
      c.counts.skipped += 1;
    } else {
      const giveUp = outcome.permanent || outcome.attempts >= policy.maxAttempts;
      c.statuses.push(giveUp ? 'FAILED' : 'QUEUED');
      c.next.push(
        new Date(
          now.getTime() + (giveUp ? 0 : backoffMs(outcome.attempts, policy, jitterOf(outcome.retryGroup, drawn))),
        ),
      );
      c.errors.push(outcome.error);
      c.delivered.push(false);
      if (giveUp) c.counts.failed += 1;
    }
  }
  return c;
}

const outcomeRows = (c: Columns) => Prisma.sql`
  unnest(${c.ids}::text[], ${c.statuses}::text[], ${c.next}::timestamp[], ${c.errors}::text[], ${c.delivered}::boolean[]) AS u(id, status, next, error, delivered)`;

const setOutcome = (now: Date, attempts: Prisma.Sql) => Prisma.sql`
  "status" = u.status::"DeliveryStatus", "attempts" = ${attempts}, "nextAttemptAt" = u.next, "lastError" = u.error,
  "sentAt" = CASE WHEN u.status = 'SENT' THEN ${now} ELSE d."sentAt" END,
  "deliveredAt" = CASE WHEN u.status = 'SENT' AND u.delivered THEN ${now} ELSE d."deliveredAt" END`;

/**
 * Records a claim's outcomes in one statement. A range's batch row is closed with its counts (what the live report
 * sums) only if its token is still the one this worker leased: a worker whose lease ran out and whose range was
 * taken over records nothing. Temporary failures go to DeliveryRetry with their backoff. Returns the ids marked SENT.
 * Every seq of the range is accounted for: a row that is gone (its follower unfollowed, and the trigger deleted its
 * deliveries) and has no final outcome here counts as skipped, or the report would show it queued forever.
 */
export async function recordOutcomes(
  db: Database,
  lease: Lease,
  outcomes: Recorded[],
  now: Date,
  policy: RetryPolicy,
): Promise<Set<string>> {
  if (lease.kind === 'retry') return recordRetries(db, lease.tokens, outcomes, now, policy);
  const c = columns(outcomes, now, policy);
  const final = c.ids.filter((_, i) => c.statuses[i] !== 'QUEUED');
  // gone = the range's size - rows with a final outcome here - rows still there without one (waiting as retries)
  const rows = await db.$queryRaw<{ id: string; status: string }[]>(Prisma.sql`
    WITH lease AS (
      UPDATE "DeliveryBatch" b SET "done" = TRUE, "leaseUntil" = NULL, "finishedAt" = ${now},
        "sent" = ${c.counts.sent}, "delivered" = ${c.counts.delivered}, "failed" = ${c.counts.failed},
        "skipped" = ${c.counts.skipped} + GREATEST(0, b."toSeq" - b."fromSeq" + 1 - ${final.length}::int - (
          SELECT count(*) FROM "AnnouncementDelivery" d WHERE d."announcementId" = b."announcementId" AND d."channel" = b."channel"
            AND d."seq" BETWEEN b."fromSeq" AND b."toSeq" AND d."id" <> ALL(${final}::text[]))::int)
      WHERE b."id" = ${lease.batchId} AND b."token" = ${lease.token} AND NOT b."done" RETURNING b."id"),
    updated AS (
      UPDATE "AnnouncementDelivery" d SET ${setOutcome(now, Prisma.sql`${lease.token}::int`)}
      FROM ${outcomeRows(c)}
      WHERE d."id" = u.id AND d."status" = 'QUEUED' AND EXISTS (SELECT 1 FROM lease)
      RETURNING d."id", d."announcementId", d."channel", u.status, u.next),
    retries AS (
      INSERT INTO "DeliveryRetry" ("deliveryId", "announcementId", "channel", "dueAt")
      SELECT "id", "announcementId", "channel", "next" FROM updated WHERE "status" = 'QUEUED'
      ON CONFLICT ("deliveryId") DO UPDATE SET "dueAt" = excluded."dueAt")
    SELECT "id", "status" FROM updated`);
  return new Set(rows.filter((row) => row.status === 'SENT').map((row) => row.id));
}

async function recordRetries(
  db: Database,
  tokens: Map<string, number>,
  outcomes: Recorded[],
  now: Date,
  policy: RetryPolicy,
): Promise<Set<string>> {
  const c = columns(
    outcomes.filter((outcome) => tokens.has(outcome.id)),
    now,
    policy,
  );
  // Every row this claim leased, with or without an outcome: one whose delivery is no longer queued (skipped when
  // its show was cancelled, say) is let go here, or it would be claimed again forever.
  const rows = await db.$queryRaw<{ id: string; status: string }[]>(Prisma.sql`
    WITH held AS (
      SELECT r."deliveryId" FROM "DeliveryRetry" r JOIN unnest(${[...tokens.keys()]}::text[], ${[...tokens.values()]}::int[]) AS t(id, token)
        ON r."deliveryId" = t.id AND r."token" = t.token FOR UPDATE OF r),
    updated AS (
      UPDATE "AnnouncementDelivery" d SET ${setOutcome(now, Prisma.sql`d."attempts" + 1`)}
      FROM ${outcomeRows(c)}
      WHERE d."id" = u.id AND d."status" = 'QUEUED' AND u.id IN (SELECT "deliveryId" FROM held)
      RETURNING d."id", d."announcementId", d."channel", u.status, u.next, u.delivered),
    finished AS (
      DELETE FROM "DeliveryRetry" r USING held WHERE r."deliveryId" = held."deliveryId"
        AND NOT EXISTS (SELECT 1 FROM updated WHERE updated."id" = held."deliveryId" AND updated."status" = 'QUEUED')),
    again AS (UPDATE "DeliveryRetry" r SET "dueAt" = updated."next" FROM updated WHERE r."deliveryId" = updated."id" AND updated."status" = 'QUEUED'),
    counted AS (
      INSERT INTO "DeliveryBatch" ("id", "announcementId", "channel", "done", "finishedAt", "createdAt", "sent", "delivered", "failed", "skipped")
      SELECT ${randomUUID()} || '-' || row_number() OVER (), "announcementId", "channel", TRUE, ${now}, ${now},
        count(*) FILTER (WHERE "status" = 'SENT'), count(*) FILTER (WHERE "status" = 'SENT' AND "delivered"),
        count(*) FILTER (WHERE "status" = 'FAILED'), count(*) FILTER (WHERE "status" = 'SKIPPED')
      FROM updated GROUP BY "announcementId", "channel")
    SELECT "id", "status" FROM updated`);
  return new Set(rows.filter((row) => row.status === 'SENT').map((row) => row.id));
}
