import { randomUUID } from 'node:crypto';
import type { Database } from '../database/prisma-client';
import { Prisma } from '../../prisma/generated/client';
import type { ChannelName, OutgoingDelivery } from '../channels/channel-port';
import type { RenderedMessage } from './announcement-schemas';
import { assembleMessage, type CompiledStep } from './render-step';

/**
 * What one claim took. A range lease covers seq fromSeq..toSeq of one (step, channel) queue and is fenced by the
 * batch's token; a retry lease covers scattered rows, each fenced by its DeliveryRetry token.
 */
export type Lease =
  | { kind: 'range'; batchId: string; token: number; announcementId: string }
  | { kind: 'retry'; tokens: Map<string, number> };

export interface Claimed {
  lease: Lease;
  deliveries: OutgoingDelivery[];
  /** Claimed rows that must not be sent: the follower opted out of the channel after enqueue, or was deleted. */
  skipped: { id: string; reason: string }[];
}

interface Row {
  id: string;
  announcementId: string;
  attempts: number;
  personal: string[] | null;
  rendered: unknown;
  followerId: string | null;
  name: string | null;
  email: string | null;
  lineUserId: string | null;
  userId: string | null;
  optedOut: boolean | null;
}

const optOutColumn: Record<ChannelName, Prisma.Sql> = {
  INAPP: Prisma.sql`FALSE`,
  EMAIL: Prisma.sql`f."optOutEmail"`,
  PUSH: Prisma.sql`f."optOutPush"`,
  LINE: Prisma.sql`f."optOutLine"`,
};

/**
 * Claims up to `limit` due deliveries of one channel, cheapest first: a range whose lease ran out (its worker died),
 * then retries that are due, then the next range of a queue. A claim touches the queue's one cursor row and the rows
 * it takes, found through the (step, channel, seq) index, so its cost does not depend on how long the queue is.
 * The lease is committed at once, so no connection is held while a provider is called.
 */
export async function claimDeliveries(
  db: Database,
  channel: ChannelName,
  limit: number,
  now: Date,
  leaseUntil: Date,
): Promise<Claimed | null> {
  if (limit <= 0) return null;
  const [stolen] = await db.$queryRaw<
    { id: string; announcementId: string; fromSeq: number; toSeq: number; token: number }[]
  >(Prisma.sql`
    UPDATE "DeliveryBatch" b SET "token" = b."token" + 1, "leaseUntil" = ${leaseUntil}
    WHERE b."id" = (SELECT "id" FROM "DeliveryBatch" WHERE "channel" = ${channel}::"DeliveryChannel" AND NOT "done" AND "leaseUntil" < ${now}
      ORDER BY "leaseUntil" LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING b."id", b."announcementId", b."fromSeq", b."toSeq", b."token"`);
  if (stolen) return readRange(db, channel, stolen);

  const retries = await db.$queryRaw<{ deliveryId: string; token: number }[]>(Prisma.sql`
    UPDATE "DeliveryRetry" r SET "token" = r."token" + 1, "dueAt" = ${leaseUntil}
    WHERE r."deliveryId" IN (SELECT "deliveryId" FROM "DeliveryRetry" WHERE "channel" = ${channel}::"DeliveryChannel" AND "dueAt" <= ${now}
      ORDER BY "dueAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING r."deliveryId", r."token"`);
  if (retries.length > 0) {
    const tokens = new Map(retries.map((row) => [row.deliveryId, row.token]));
    const rows = await readRows(
      db,
      channel,
      Prisma.sql`d."id" = ANY(${[...tokens.keys()]}::text[]) AND d."status" = 'QUEUED'`,
    );
    return toClaimed(db, { kind: 'retry', tokens }, rows);
  }

  // The cursor row is locked for this statement only; a second worker on the same queue waits a moment for it.
  const [range] = await db.$queryRaw<
    { id: string; announcementId: string; fromSeq: number; toSeq: number; token: number }[]
  >(Prisma.sql`
    WITH queue AS (
      SELECT "announcementId", "nextSeq", "lastSeq" FROM "DeliveryQueue"
      WHERE "channel" = ${channel}::"DeliveryChannel" AND "nextSeq" <= "lastSeq" ORDER BY "createdAt" LIMIT 1 FOR UPDATE),
    moved AS (
      UPDATE "DeliveryQueue" q SET "nextSeq" = LEAST(queue."nextSeq" + ${limit}::int, queue."lastSeq" + 1)
      FROM queue WHERE q."announcementId" = queue."announcementId" AND q."channel" = ${channel}::"DeliveryChannel"
      RETURNING q."announcementId", queue."nextSeq" AS "fromSeq", q."nextSeq" - 1 AS "toSeq")
    INSERT INTO "DeliveryBatch" ("id", "announcementId", "channel", "fromSeq", "toSeq", "leaseUntil", "createdAt")
    SELECT ${randomUUID()}, "announcementId", ${channel}::"DeliveryChannel", "fromSeq", "toSeq", ${leaseUntil}, ${now} FROM moved
    RETURNING "id", "announcementId", "fromSeq", "toSeq", "token"`);
  return range ? readRange(db, channel, range) : null;
}

async function readRange(
  db: Database,
  channel: ChannelName,
  batch: { id: string; announcementId: string; fromSeq: number; toSeq: number; token: number },
): Promise<Claimed> {
  // attempts = 0: rows of the range already recorded once (now waiting as retries) are not the range's any more.
  const rows = await readRows(
    db,
    channel,
    Prisma.sql`d."announcementId" = ${batch.announcementId} AND d."channel" = ${channel}::"DeliveryChannel"
    AND d."seq" BETWEEN ${batch.fromSeq} AND ${batch.toSeq} AND d."status" = 'QUEUED' AND d."attempts" = 0`,
  );
  return toClaimed(
    db,
    { kind: 'range', batchId: batch.id, token: batch.token, announcementId: batch.announcementId },
    rows,
  );
}

function readRows(db: Database, channel: ChannelName, where: Prisma.Sql): Promise<Row[]> {
  return db.$queryRaw<Row[]>(Prisma.sql`
    SELECT d."id", d."announcementId", d."attempts", d."personal", d."rendered", f."id" AS "followerId", f."name", f."email", f."lineUserId", f."userId",
      ${optOutColumn[channel]} AS "optedOut"
    FROM "AnnouncementDelivery" d LEFT JOIN "Follower" f ON f."id" = d."followerId"
    WHERE ${where} ORDER BY d."seq"`);
}

async function toClaimed(db: Database, lease: Lease, rows: Row[]): Promise<Claimed> {
  const steps = await db.announcement.findMany({
    where: { id: { in: [...new Set(rows.map((row) => row.announcementId))] } },
    select: { id: true, showId: true, template: true },
  });
  const byId = new Map(steps.map((step) => [step.id, step]));
  const claimed: Claimed = { lease, deliveries: [], skipped: [] };
  for (const row of rows) {
    const step = byId.get(row.announcementId);
    if (!step || row.followerId === null) {
      claimed.skipped.push({ id: row.id, reason: 'follower deleted' });
      continue;
    }
    if (row.optedOut) {
      claimed.skipped.push({ id: row.id, reason: 'opted out' });
      continue;
    }
    claimed.deliveries.push({
      id: row.id,
      announcementId: row.announcementId,
      showId: step.showId,
      attempts: lease.kind === 'range' ? lease.token : row.attempts + 1,
      follower: {
        id: row.followerId,
        name: row.name ?? '',
        email: row.email,
        lineUserId: row.lineUserId,
        userId: row.userId,
      },
      message: messageOf(step.template, row),
    });
  }
  return claimed;
}

/** A delivery's message: its step's template with its own texts, or (rows from before templates) the stored copy. */
export function messageOf(
  template: unknown,
  row: { id: string; personal: readonly string[] | null; rendered: unknown },
): RenderedMessage {
  // Both were written by this module's own enqueue, never by a client.
  if (row.rendered != null) return row.rendered as RenderedMessage;
  return assembleMessage(template as CompiledStep, row.id, row.personal ?? []);
}
