import type { Database } from '../database/prisma-client';
import { Prisma } from '../../prisma/generated/client';
import { showLinkIndex } from '../channels/tracking-links';

export interface StepReport {
  stepId: string;
  status: string;
  totals: { queued: number; sent: number; delivered: number; opened: number; clicked: number; failed: number; skipped: number };
  channels: Record<string, { queued: number; sent: number; delivered: number; opened: number; failed: number; skipped: number }>;
  balloons: { index: number; clicked: number; uniqueClickers: number }[];
  showLinkClicks: number;
}

/** Per step: sent / delivered / opened per channel, clicks per balloon, in two aggregate queries. */
export async function stepReport(db: Database, stepId: string, status: string): Promise<StepReport> {
  const rows = await db.$queryRaw<{ channel: string; status: string; n: bigint; delivered: bigint; opened: bigint }[]>(Prisma.sql`
    SELECT "channel"::text AS channel, "status"::text AS status, count(*)::bigint AS n,
      count("deliveredAt")::bigint AS delivered, count("openedAt")::bigint AS opened
    FROM "AnnouncementDelivery" WHERE "announcementId" = ${stepId} GROUP BY 1, 2`);
  const clicks = await db.$queryRaw<{ balloonIndex: number; n: bigint; people: bigint }[]>(Prisma.sql`
    SELECT e."balloonIndex", count(*)::bigint AS n, count(DISTINCT d."followerId")::bigint AS people
    FROM "DeliveryEvent" e JOIN "AnnouncementDelivery" d ON d."id" = e."deliveryId"
    WHERE d."announcementId" = ${stepId} AND e."kind" = 'CLICKED' GROUP BY 1 ORDER BY 1`);
  const clickers = await db.$queryRaw<{ n: bigint }[]>(Prisma.sql`
    SELECT count(DISTINCT e."deliveryId")::bigint AS n FROM "DeliveryEvent" e JOIN "AnnouncementDelivery" d ON d."id" = e."deliveryId"
    WHERE d."announcementId" = ${stepId} AND e."kind" = 'CLICKED'`);
  const empty = () => ({ queued: 0, sent: 0, delivered: 0, opened: 0, failed: 0, skipped: 0 });
  const channels: StepReport['channels'] = {};
  const totals = { ...empty(), clicked: Number(clickers[0]?.n ?? 0) };
  for (const row of rows) {
    const entry = (channels[row.channel] ??= empty());
    const key = row.status.toLowerCase() as 'queued' | 'sent' | 'failed' | 'skipped';
    entry[key] += Number(row.n);
    entry.delivered += Number(row.delivered);
    entry.opened += Number(row.opened);
    totals[key] += Number(row.n);
    totals.delivered += Number(row.delivered);
    totals.opened += Number(row.opened);
  }
  return {
    stepId,
    status,
    totals,
    channels,
    balloons: clicks.filter((row) => row.balloonIndex !== showLinkIndex).map((row) => ({ index: row.balloonIndex, clicked: Number(row.n), uniqueClickers: Number(row.people) })),
    showLinkClicks: Number(clicks.find((row) => row.balloonIndex === showLinkIndex)?.n ?? 0),
  };
}
