// The show report: roll-ups of closed work plus the raw events written since the last roll-up run, so it is live
// during the show (a few seconds behind) and final after it. One statement (show-report-query.ts) of indexed reads;
// raw events are read only above the last roll-up's id.
import type { Database } from '../database/prisma-client';
import { notFound } from '../errors/app-error';
import type { Funnel, ReportMinute, ShowReport } from './analytics-schemas';
import { readReportInputs, type MinuteRow } from './show-report-query';

/** Roll-up rows and the live tail of one show, merged: counts add up; distinct viewers of a minute split across the two take the larger side. */
function mergeMinuteRows(rows: MinuteRow[]): MinuteRow[] {
  const merged = new Map<string, MinuteRow>();
  for (const row of rows) {
    const key = `${row.minute}|${row.replay}|${row.kind}|${row.productId}|${row.saleId}`;
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
  joins: 0,
  chat: 0,
  reactions: 0,
  taps: 0,
  holds: 0,
  paid: 0,
  revenueMinor: 0,
});

/** The live show's minutes, gaps filled (replay rows are per day: replayDays). */
function series(allRows: MinuteRow[]): ReportMinute[] {
  const rows = allRows.filter((row) => !row.replay);
  if (rows.length === 0) return [];
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    first = Math.min(first, row.minute);
    last = Math.max(last, row.minute);
  }
  const byMinute = new Map<number, ReportMinute>();
  for (let t = first; t <= last && byMinute.size < 24 * 60; t += 60_000) byMinute.set(t, emptyMinute(t));
  for (const row of rows) {
    const minute = byMinute.get(row.minute);
    if (!minute) continue;
    if (row.kind === '_present') minute.concurrent = Math.max(minute.concurrent, row.viewers);
    else if (row.kind === 'viewer_joined') minute.joins += row.count;
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

/** Replay views (visits), orders, units and revenue per day in the brand's time zone. */
function replayDays(rows: MinuteRow[], timeZone: string): ShowReport['replayDays'] {
  const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const days = new Map<string, ShowReport['replayDays'][number]>();
  for (const row of rows) {
    if (!row.replay || (row.kind !== 'viewer_joined' && row.kind !== 'order_paid')) continue;
    const day = dayOf.format(new Date(row.minute));
    const entry = days.get(day) ?? { day, views: 0, orders: 0, units: 0, revenueMinor: 0 };
    if (row.kind === 'viewer_joined') entry.views += row.count;
    else {
      entry.orders += row.count;
      entry.units += row.units;
      entry.revenueMinor += row.amountMinor;
    }
    days.set(day, entry);
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}

const funnelKinds = {
  card_seen: 'seen',
  card_tapped: 'taps',
  hold_placed: 'holds',
  checkout_started: 'checkouts',
  order_paid: 'paid',
} as const;

export async function showReport(db: Database, brandId: string, showId: string, now = new Date()): Promise<ShowReport> {
  const inputs = await readReportInputs(db, brandId, showId, now);
  const show = inputs.show;
  if (!show) throw notFound('show');
  const rows = mergeMinuteRows(inputs.rows);
  const showProducts = inputs.products;
  const stats = inputs.viewers;
  const sales = inputs.sales;

  const funnel: Funnel = {
    viewers: stats.live + stats.replay,
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
        title: sp.title,
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
  const titleOfShowProduct = new Map(showProducts.map((sp) => [sp.id, sp.title]));
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
        at: new Date(row.minute).toISOString(),
        kind: 'pin',
        label: `Pinned: ${titleOfShowProduct.get(row.productId) ?? 'a product'}`,
      });
  }
  for (const sale of sales) {
    markers.push({ at: new Date(sale.startsAt).toISOString(), kind: 'sale_start', label: `Flash sale: ${sale.title}` });
    const end = sale.soldOutAt ?? (sale.endsAt < now.getTime() ? sale.endsAt : null);
    if (end !== null)
      markers.push({
        at: new Date(end).toISOString(),
        kind: 'sale_end',
        label: `${sale.soldOutAt ? 'Sold out' : 'Sale ended'}: ${sale.title}`,
      });
  }
  markers.sort((a, b) => a.at.localeCompare(b.at));
  const minutes = series(rows);
  const timeZone = inputs.timeZone ?? 'UTC';
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    show: {
      id: show.id,
      title: show.title,
      status: show.status,
      startedAt: iso(show.startedAt),
      endedAt: iso(show.endedAt),
    },
    timeZone,
    currency: inputs.orderCurrency ?? showProducts[0]?.currency ?? 'usd',
    live: show.status === 'LIVE',
    generatedAt: now.toISOString(),
    viewers: {
      unique: stats.live,
      peakConcurrent: minutes.reduce((peak, m) => Math.max(peak, m.concurrent), 0),
      averageWatchSeconds: Math.round(stats.liveAvg ?? 0),
      replayUnique: stats.replay,
      replayAverageWatchSeconds: Math.round(stats.replayAvg ?? 0),
    },
    minutes,
    replayDays: replayDays(rows, timeZone),
    markers,
    funnel,
    products: [...products.values()],
    flashSales: sales.map((sale) => {
      const sold = saleTotals.get(sale.id) ?? { units: 0, revenueMinor: 0 };
      return {
        saleId: sale.id,
        title: sale.title,
        startsAt: new Date(sale.startsAt).toISOString(),
        quantity: sale.quantity,
        unitsSold: sold.units,
        revenueMinor: sold.revenueMinor,
        sellThrough: sale.quantity > 0 ? Math.round((sold.units / sale.quantity) * 1000) / 1000 : 0,
        secondsToSellOut:
          sale.soldOutAt !== null ? Math.max(0, Math.round((sale.soldOutAt - sale.startsAt) / 1000)) : null,
      };
    }),
    newFollowers: inputs.newFollowers,
    liveSales,
    replaySales,
  };
}
