import type { Database } from '../database/prisma-client';
import { Prisma } from '../../prisma/generated/client';
import { showLinkIndex } from '../channels/tracking-links';

interface Counts {
  queued: number;
  sent: number;
  delivered: number;
  opened: number;
  failed: number;
  skipped: number;
}

export interface ChannelProgress extends Counts {
  /** Deliveries finished per second since the channel's first batch; null before two batches are done. */
  perSecond: number | null;
  /** When what is queued should be done at that rate; null when nothing is queued or no rate is known yet. */
  etaSeconds: number | null;
}

export interface StepReport {
  stepId: string;
  status: string;
  totals: Counts & { clicked: number; etaSeconds: number | null };
  channels: Record<string, ChannelProgress>;
  balloons: { index: number; clicked: number; uniqueClickers: number }[];
  showLinkClicks: number;
}

const empty = (): ChannelProgress => ({
  queued: 0,
  sent: 0,
  delivered: 0,
  opened: 0,
  failed: 0,
  skipped: 0,
  perSecond: null,
  etaSeconds: null,
});
const n = (value: bigint | number | null | undefined) => Number(value ?? 0);

/**
 * Per step and channel: queued, sent, delivered, opened, failed, skipped, and how fast it goes. While a step goes out
 * the counts come from its queues (how many were enqueued) and its batches (each claimed range's outcome, written
 * with it), so a report reads a few hundred small rows however large the step is, and moves batch by batch.
 * Steps from before the queue existed are counted from their delivery rows.
 */
export async function stepReport(db: Database, stepId: string, status: string, now = new Date()): Promise<StepReport> {
  const channels: StepReport['channels'] = {};
  const entryFor = (channel: string) => {
    const entry = channels[channel] ?? empty();
    channels[channel] = entry;
    return entry;
  };
  const queues = await db.deliveryQueue.findMany({
    where: { announcementId: stepId },
    select: { channel: true, lastSeq: true },
  });
  if (queues.length > 0) {
    const batches = await db.$queryRaw<
      {
        channel: string;
        sent: bigint;
        delivered: bigint;
        failed: bigint;
        skipped: bigint;
        first: Date | null;
        last: Date | null;
        ranges: bigint;
      }[]
    >(Prisma.sql`
      SELECT "channel"::text AS channel, sum("sent")::bigint AS sent, sum("delivered")::bigint AS delivered, sum("failed")::bigint AS failed,
        sum("skipped")::bigint AS skipped, min("createdAt") AS first, max("finishedAt") AS last, count(*) FILTER (WHERE "done")::bigint AS ranges
      FROM "DeliveryBatch" WHERE "announcementId" = ${stepId} GROUP BY 1`);
    for (const queue of queues) {
      const entry = empty();
      channels[queue.channel] = entry;
      const done = batches.find((row) => row.channel === queue.channel);
      entry.sent = n(done?.sent);
      entry.delivered = n(done?.delivered);
      entry.failed = n(done?.failed);
      entry.skipped = n(done?.skipped);
      entry.queued = queue.lastSeq - entry.sent - entry.failed - entry.skipped;
      const finished = entry.sent + entry.failed + entry.skipped;
      const seconds = done?.first && done.last ? (done.last.getTime() - done.first.getTime()) / 1000 : 0;
      if (n(done?.ranges) >= 2 && seconds > 0) {
        entry.perSecond = Math.round(finished / seconds);
        // From the last finished batch on, at the rate so far.
        const since = (now.getTime() - (done?.last?.getTime() ?? now.getTime())) / 1000;
        entry.etaSeconds =
          entry.queued > 0 ? Math.max(0, Math.round(entry.queued / (finished / seconds) - since)) : null;
      }
    }
  } else {
    const rows = await db.$queryRaw<{ channel: string; status: string; n: bigint; delivered: bigint }[]>(Prisma.sql`
      SELECT "channel"::text AS channel, "status"::text AS status, count(*)::bigint AS n, count("deliveredAt")::bigint AS delivered
      FROM "AnnouncementDelivery" WHERE "announcementId" = ${stepId} GROUP BY 1, 2`);
    for (const row of rows) {
      const entry = entryFor(row.channel);
      entry[row.status.toLowerCase() as 'queued' | 'sent' | 'failed' | 'skipped'] += n(row.n);
      entry.delivered += n(row.delivered);
    }
  }
  // Opens and clicks are events, a small table next to the deliveries: counted through it, not through every row.
  const opens = await db.$queryRaw<{ channel: string; n: bigint }[]>(Prisma.sql`
    SELECT d."channel"::text AS channel, count(DISTINCT e."deliveryId")::bigint AS n
    FROM "DeliveryEvent" e JOIN "AnnouncementDelivery" d ON d."id" = e."deliveryId"
    WHERE d."announcementId" = ${stepId} AND e."kind" = 'OPENED' GROUP BY 1`);
  for (const row of opens) entryFor(row.channel).opened += n(row.n);
  const clicks = await db.$queryRaw<{ balloonIndex: number; n: bigint; people: bigint }[]>(Prisma.sql`
    SELECT e."balloonIndex", count(*)::bigint AS n, count(DISTINCT d."followerId")::bigint AS people
    FROM "DeliveryEvent" e JOIN "AnnouncementDelivery" d ON d."id" = e."deliveryId"
    WHERE d."announcementId" = ${stepId} AND e."kind" = 'CLICKED' GROUP BY 1 ORDER BY 1`);
  const clickers = await db.$queryRaw<{ n: bigint }[]>(Prisma.sql`
    SELECT count(DISTINCT e."deliveryId")::bigint AS n FROM "DeliveryEvent" e JOIN "AnnouncementDelivery" d ON d."id" = e."deliveryId"
    WHERE d."announcementId" = ${stepId} AND e."kind" = 'CLICKED'`);

  const all = Object.values(channels);
  const sum = (key: keyof Counts) => all.reduce((total, entry) => total + entry[key], 0);
  const etas = all.filter((entry) => entry.queued > 0).map((entry) => entry.etaSeconds);
  return {
    stepId,
    status,
    totals: {
      queued: sum('queued'),
      sent: sum('sent'),
      delivered: sum('delivered'),
      opened: sum('opened'),
      failed: sum('failed'),
      skipped: sum('skipped'),
      clicked: n(clickers[0]?.n),
      etaSeconds: etas.length === 0 || etas.some((eta) => eta === null) ? null : Math.max(...(etas as number[])),
    },
    channels,
    balloons: clicks
      .filter((row) => row.balloonIndex !== showLinkIndex)
      .map((row) => ({ index: row.balloonIndex, clicked: n(row.n), uniqueClickers: n(row.people) })),
    showLinkClicks: n(clicks.find((row) => row.balloonIndex === showLinkIndex)?.n),
  };
}
