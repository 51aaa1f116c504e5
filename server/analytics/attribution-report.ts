// Announcement attribution: per step and balloon, the clicks (DeliveryEvent), the viewers whose visit came from that
// click (AnalyticsViewer.sourceDelivery, set from the link's cookie at join), and the paid orders those viewers made
// in the show within the window after their visit. An anonymous visitor who signs in later keeps the attribution:
// their anonymous id is tied to the account (AnalyticsIdentity) and their orders are found through it.
import type { Database } from '../database/prisma-client';
import { notFound } from '../errors/app-error';
import type { AttributionReport } from './analytics-schemas';

interface Row {
  announcementId: string;
  balloonIndex: number;
  clicks: number;
  visits: number;
  orders: number;
  revenueMinor: number;
}

export async function attributionReport(
  db: Database,
  brandId: string,
  showId: string,
  windowHours: number,
): Promise<AttributionReport> {
  const show = await db.show.findFirst({ where: { id: showId, brandId }, select: { id: true } });
  if (!show) throw notFound('show');
  const windowMs = windowHours * 3_600_000;
  const [steps, rows, currency] = await Promise.all([
    db.announcement.findMany({
      where: { showId, brandId },
      select: { id: true, trigger: true, offsetMinutes: true, segment: { select: { name: true } } },
      orderBy: { createdAt: 'asc' },
    }),
    db.$queryRaw<Row[]>`
      WITH steps AS (SELECT id FROM "Announcement" WHERE "showId" = ${showId} AND "brandId" = ${brandId}),
      clicks AS (
        SELECT d."announcementId", coalesce(e."balloonIndex", 0) AS "balloonIndex", count(*)::int AS clicks
        FROM "DeliveryEvent" e JOIN "AnnouncementDelivery" d ON d.id = e."deliveryId"
        WHERE e.kind = 'CLICKED' AND d."announcementId" IN (SELECT id FROM steps)
        GROUP BY 1, 2
      ),
      visits AS (
        SELECT v."viewerKey", v."firstAt", coalesce(v."userId", i."userId") AS "userId", d."announcementId", coalesce(v."sourceBalloon", 0) AS "balloonIndex"
        FROM "AnalyticsViewer" v
        JOIN "AnnouncementDelivery" d ON d.id = v."sourceDelivery"
        LEFT JOIN "AnalyticsIdentity" i ON i."anonId" = v."anonId"
        WHERE v."showId" = ${showId} AND d."announcementId" IN (SELECT id FROM steps)
      ),
      -- each paid order goes to the latest attributed visit of its buyer before it, within the window
      orders AS (
        SELECT DISTINCT ON (o.id) o.id, o."totalMinor", visits."announcementId", visits."balloonIndex"
        FROM "Order" o JOIN visits ON visits."userId" = o."buyerId"
        WHERE o."showId" = ${showId} AND o.status = 'PAID' AND o."paidAt" >= visits."firstAt"
          AND o."paidAt" <= visits."firstAt" + ${windowMs} * interval '1 millisecond'
        ORDER BY o.id, visits."firstAt" DESC
      ),
      keys AS (
        SELECT "announcementId", "balloonIndex" FROM clicks UNION SELECT "announcementId", "balloonIndex" FROM visits
      )
      SELECT k."announcementId", k."balloonIndex",
        coalesce((SELECT clicks FROM clicks c WHERE c."announcementId" = k."announcementId" AND c."balloonIndex" = k."balloonIndex"), 0)::int AS clicks,
        (SELECT count(DISTINCT "viewerKey") FROM visits v WHERE v."announcementId" = k."announcementId" AND v."balloonIndex" = k."balloonIndex")::int AS visits,
        (SELECT count(*) FROM orders o WHERE o."announcementId" = k."announcementId" AND o."balloonIndex" = k."balloonIndex")::int AS orders,
        coalesce((SELECT sum("totalMinor") FROM orders o WHERE o."announcementId" = k."announcementId" AND o."balloonIndex" = k."balloonIndex"), 0)::int AS "revenueMinor"
      FROM keys k`,
    db.order.findFirst({ where: { showId }, select: { currency: true } }),
  ]);

  const zero = () => ({ clicks: 0, visits: 0, orders: 0, revenueMinor: 0 });
  const add = (into: ReturnType<typeof zero>, row: ReturnType<typeof zero>) => {
    into.clicks += row.clicks;
    into.visits += row.visits;
    into.orders += row.orders;
    into.revenueMinor += row.revenueMinor;
  };
  const bySegment = new Map<string | null, ReturnType<typeof zero> & { segment: string | null }>();
  const report = steps.map((step) => {
    const balloons = rows
      .filter((row) => row.announcementId === step.id)
      .sort((a, b) => a.balloonIndex - b.balloonIndex);
    const total = zero();
    for (const balloon of balloons) add(total, balloon);
    const segment = step.segment?.name ?? null;
    const segmentTotal = bySegment.get(segment) ?? { segment, ...zero() };
    add(segmentTotal, total);
    bySegment.set(segment, segmentTotal);
    return {
      announcementId: step.id,
      trigger: step.trigger === 'LIVE_NOW' ? 'live now' : `${step.offsetMinutes} min before`,
      segment,
      ...total,
      balloons: balloons.map(({ balloonIndex, clicks, visits, orders, revenueMinor }) => ({
        balloonIndex,
        clicks,
        visits,
        orders,
        revenueMinor,
      })),
    };
  });
  return { windowHours, currency: currency?.currency ?? 'usd', steps: report, segments: [...bySegment.values()] };
}
