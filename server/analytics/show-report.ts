// The show report: roll-ups of closed work plus the raw events written since the last roll-up run, so it is live
// during the show (a few seconds behind) and final after it. A handful of indexed reads; no scan of raw events.
import { Prisma } from '../../prisma/generated/client';
import type { Database } from '../database/prisma-client';
import { notFound } from '../errors/app-error';
import { minuteAggregate } from './analytics-rollup';
import type { Funnel, ReportMinute, ShowReport } from './analytics-schemas';

interface MinuteRow {
  minute: Date;
  replay: boolean;
  kind: string;
  productId: string;
  saleId: string;
  count: number;
  viewers: number;
  units: number;
  amountMinor: number;
}

/** Roll-up rows and the live tail of one show, merged: counts add up; distinct viewers of a minute split across the two take the larger side. */
async function minuteRows(db: Database, showId: string): Promise<MinuteRow[]> {
  const [state] = await db.$queryRaw<{ maxId: bigint }[]>`SELECT "maxId" FROM "AnalyticsRollupState" WHERE id = 1`;
  const maxId = state?.maxId ?? 0n;
  const rows = await db.$queryRaw<MinuteRow[]>`
    SELECT minute, replay, kind, "productId", "saleId", count, viewers, units, "amountMinor" FROM "AnalyticsMinute" WHERE "showId" = ${showId}
    UNION ALL
    SELECT minute, replay, kind, "productId", "saleId", count, viewers, units, "amountMinor" FROM (
      ${minuteAggregate(Prisma.sql`"AnalyticsEvent" e`, Prisma.sql`e."showId" = ${showId} AND e.id > ${maxId}`)}
    ) AS tail`;
  const merged = new Map<string, MinuteRow>();
  for (const row of rows) {
    const key = `${row.minute.getTime()}|${row.replay}|${row.kind}|${row.productId}|${row.saleId}`;
    const seen = merged.get(key);
    if (!seen) merged.set(key, { ...row });
    else {
      seen.count += row.count;
      seen.units += row.units;
      seen.amountMinor += row.amountMinor;
      seen.viewers = Math.max(seen.viewers, row.viewers);
    }
  }
  return [...merged.values()];
}

const emptyMinute = (minute: number): ReportMinute => ({
  minute: new Date(minute).toISOString(),
  concurrent: 0,
  replayViewers: 0,
  joins: 0,
  chat: 0,
  reactions: 0,
  taps: 0,
  holds: 0,
  paid: 0,
  revenueMinor: 0,
});

function series(rows: MinuteRow[]): ReportMinute[] {
  if (rows.length === 0) return [];
  const times = rows.map((row) => row.minute.getTime());
  const first = Math.min(...times);
  const last = Math.max(...times);
  const byMinute = new Map<number, ReportMinute>();
  for (let t = first; t <= last && byMinute.size < 24 * 60; t += 60_000) byMinute.set(t, emptyMinute(t));
  for (const row of rows) {
    const minute = byMinute.get(row.minute.getTime());
    if (!minute) continue;
    if (row.kind === '_present') {
      if (row.replay) minute.replayViewers = Math.max(minute.replayViewers, row.viewers);
      else minute.concurrent = Math.max(minute.concurrent, row.viewers);
    } else if (row.kind === 'viewer_joined') minute.joins += row.count;
    else if (row.kind === 'chat_message') minute.chat += row.count;
    else if (row.kind === 'reaction') minute.reactions += row.count;
    else if (row.kind === 'card_tapped') minute.taps += row.count;
    else if (row.kind === 'hold_placed') minute.holds += row.count;
    else if (row.kind === 'order_paid') {
      minute.paid += row.count;
      minute.revenueMinor += row.amountMinor;
    }
  }
  return [...byMinute.values()];
}

const funnelKinds = {
  card_seen: 'seen',
  card_tapped: 'taps',
  hold_placed: 'holds',
  checkout_started: 'checkouts',
  order_paid: 'paid',
} as const;

export async function showReport(db: Database, brandId: string, showId: string, now = new Date()): Promise<ShowReport> {
  const show = await db.show.findFirst({
    where: { id: showId, brandId },
    select: { id: true, title: true, status: true, startedAt: true, endedAt: true, createdAt: true },
  });
  if (!show) throw notFound('show');
  // One query after another on purpose: in parallel they took seven of the pool's connections at once, every
  // second while a show is live, and chat's own reads (show context, restrictions) queued behind them.
  const queries = [
    () => minuteRows(db, showId),
    () => db.analyticsBrandSettings.findUnique({ where: { brandId } }),
    () => db.$queryRaw<{ live: number; liveAvg: number | null; replay: number; replayAvg: number | null }[]>`
      SELECT count(*) FILTER (WHERE live)::int AS live, avg("liveSeconds") FILTER (WHERE live)::float AS "liveAvg",
             count(*) FILTER (WHERE replay)::int AS replay, avg("replaySeconds") FILTER (WHERE replay)::float AS "replayAvg"
      FROM "AnalyticsViewer" WHERE "showId" = ${showId}`,
    () =>
      db.showProduct.findMany({
        where: { showId },
        select: { id: true, productId: true, product: { select: { title: true, currency: true } } },
        orderBy: { position: 'asc' },
      }),
    () => db.$queryRaw<
      {
        id: string;
        productId: string;
        title: string;
        startsAt: Date;
        endsAt: Date;
        quantity: number;
        soldOutAt: Date | null;
      }[]
    >`
      SELECT f.id, sp."productId", p.title, f."startsAt", f."endsAt", f.quantity,
        (SELECT c."createdAt" FROM (SELECT r."createdAt", sum(r.quantity) OVER (ORDER BY r."createdAt", r.id) AS taken
           FROM "Reservation" r WHERE r."flashSaleId" = f.id AND r.status IN ('HELD', 'CONVERTED')) c
         WHERE c.taken >= f.quantity ORDER BY c."createdAt" LIMIT 1) AS "soldOutAt"
      FROM "FlashSale" f JOIN "ShowProduct" sp ON sp.id = f."showProductId" JOIN "Product" p ON p.id = sp."productId"
      WHERE sp."showId" = ${showId} ORDER BY f."startsAt"`,
    () =>
      show.startedAt
        ? db.follower.count({ where: { brandId, createdAt: { gte: show.startedAt, lte: show.endedAt ?? now } } })
        : Promise.resolve(0),
    () => db.order.findFirst({ where: { showId }, select: { currency: true } }),
  ] as const;
  const results: unknown[] = [];
  for (const query of queries) results.push(await query());
  const [rows, settings, viewerStats, showProducts, sales, newFollowers, currencyRow] = results as [
    Awaited<ReturnType<(typeof queries)[0]>>,
    Awaited<ReturnType<(typeof queries)[1]>>,
    Awaited<ReturnType<(typeof queries)[2]>>,
    Awaited<ReturnType<(typeof queries)[3]>>,
    Awaited<ReturnType<(typeof queries)[4]>>,
    Awaited<ReturnType<(typeof queries)[5]>>,
    Awaited<ReturnType<(typeof queries)[6]>>,
  ];

  const funnel: Funnel = {
    viewers: (viewerStats[0]?.live ?? 0) + (viewerStats[0]?.replay ?? 0),
    seen: 0,
    taps: 0,
    holds: 0,
    checkouts: 0,
    paid: 0,
  };
  const products = new Map(
    showProducts.map((sp) => [
      sp.productId,
      {
        productId: sp.productId,
        title: sp.product.title,
        viewers: funnel.viewers,
        seen: 0,
        taps: 0,
        holds: 0,
        checkouts: 0,
        paid: 0,
        units: 0,
        revenueMinor: 0,
        refunds: 0,
      },
    ]),
  );
  const saleTotals = new Map<string, { units: number; revenueMinor: number }>();
  const liveSales = { orders: 0, units: 0, revenueMinor: 0 };
  const replaySales = { orders: 0, units: 0, revenueMinor: 0 };
  const titleOfShowProduct = new Map(showProducts.map((sp) => [sp.id, sp.product.title]));
  const markers: ShowReport['markers'] = [];
  for (const row of rows) {
    const stage = funnelKinds[row.kind as keyof typeof funnelKinds];
    const product = row.productId ? products.get(row.productId) : undefined;
    // A client names the product of its card events: ids that are not this show's products are not counted.
    if (stage && product) {
      funnel[stage] += row.count;
      product[stage] += row.count;
    }
    if (row.kind === 'order_paid') {
      const side = row.replay ? replaySales : liveSales;
      side.orders += row.count;
      side.units += row.units;
      side.revenueMinor += row.amountMinor;
      if (product) {
        product.units += row.units;
        product.revenueMinor += row.amountMinor;
      }
      if (row.saleId) {
        const sale = saleTotals.get(row.saleId) ?? { units: 0, revenueMinor: 0 };
        sale.units += row.units;
        sale.revenueMinor += row.amountMinor;
        saleTotals.set(row.saleId, sale);
      }
    }
    if (row.kind === 'refunded' && product) product.refunds += row.count;
    if (row.kind === 'pin')
      markers.push({
        at: row.minute.toISOString(),
        kind: 'pin',
        label: `Pinned: ${titleOfShowProduct.get(row.productId) ?? 'a product'}`,
      });
  }
  for (const sale of sales) {
    markers.push({ at: sale.startsAt.toISOString(), kind: 'sale_start', label: `Flash sale: ${sale.title}` });
    const end = sale.soldOutAt ?? (sale.endsAt < now ? sale.endsAt : null);
    if (end)
      markers.push({
        at: end.toISOString(),
        kind: 'sale_end',
        label: `${sale.soldOutAt ? 'Sold out' : 'Sale ended'}: ${sale.title}`,
      });
  }
  markers.sort((a, b) => a.at.localeCompare(b.at));
  const minutes = series(rows);
  const stats = viewerStats[0];
  return {
    show: {
      id: show.id,
      title: show.title,
      status: show.status,
      startedAt: show.startedAt?.toISOString() ?? null,
      endedAt: show.endedAt?.toISOString() ?? null,
    },
    timeZone: settings?.timeZone ?? 'UTC',
    currency: currencyRow?.currency ?? showProducts[0]?.product.currency ?? 'usd',
    live: show.status === 'LIVE',
    generatedAt: now.toISOString(),
    viewers: {
      unique: stats?.live ?? 0,
      peakConcurrent: Math.max(0, ...minutes.map((m) => m.concurrent)),
      averageWatchSeconds: Math.round(stats?.liveAvg ?? 0),
      replayUnique: stats?.replay ?? 0,
      replayAverageWatchSeconds: Math.round(stats?.replayAvg ?? 0),
    },
    minutes,
    markers,
    funnel,
    products: [...products.values()],
    flashSales: sales.map((sale) => {
      const sold = saleTotals.get(sale.id) ?? { units: 0, revenueMinor: 0 };
      return {
        saleId: sale.id,
        title: sale.title,
        startsAt: sale.startsAt.toISOString(),
        quantity: sale.quantity,
        unitsSold: sold.units,
        revenueMinor: sold.revenueMinor,
        sellThrough: sale.quantity > 0 ? Math.round((sold.units / sale.quantity) * 1000) / 1000 : 0,
        secondsToSellOut: sale.soldOutAt
          ? Math.max(0, Math.round((sale.soldOutAt.getTime() - sale.startsAt.getTime()) / 1000))
          : null,
      };
    }),
    newFollowers,
    liveSales,
    replaySales,
  };
}
