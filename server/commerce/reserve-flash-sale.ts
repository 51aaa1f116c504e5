import { analyticsOrderEvent } from '../analytics/analytics-hooks';
import { AppError } from '../errors/app-error';
import type { CommerceContext } from './commerce-context';
import { loadSaleFacts, rebuildCounter } from './sale-facts';
import { cueSale } from './start-flash-sale';
import { creditedLagMs, type PressTiming } from './fair-start';
import type { TakeResult } from './stock/stock-counter';
import type { ReservationHeld } from '../realtime/contract';
import { countOutcome, reservations } from '../observability/metrics';

/** The same answer over HTTP and over the show room's socket. */
export type ReservationResult = ReservationHeld;

const messages = {
  SOLD_OUT: 'sold out',
  PURCHASE_LIMIT: 'you already hold the most units one buyer may buy in this sale',
  SALE_NOT_ACTIVE: 'this sale has ended',
} as const;

/** Buy in a flash sale: counter gate, then the batched conditional update, then a pending order with a hold. */
export const reserveFlashSale = (...args: Parameters<typeof reserve>): Promise<ReservationResult> =>
  countOutcome(reserve(...args), (outcome) => reservations.inc({ kind: 'flash_sale', outcome }), 'held');

async function reserve(
  ctx: CommerceContext,
  buyerId: string,
  showId: string,
  saleId: string,
  quantity: number,
  timing: Omit<PressTiming, 'receivedAt'> = {},
): Promise<ReservationResult> {
  const receivedAt = Date.now();
  const facts = await loadSaleFacts(ctx, showId, saleId);
  const cached = ctx.saleFacts.get(saleId);
  // The sale ends at the same frame for everyone: a buyer watching behind live may press after the end by the
  // server's clock, by up to her credited lag (fair-start.ts), and still be in time in her video.
  const press = { ...timing, receivedAt };
  const pressedAt = receivedAt - creditedLagMs(press, ctx.fairStart.config);
  if ((cached?.endsAt ?? 0) <= pressedAt) throw new AppError('SALE_NOT_ACTIVE', messages.SALE_NOT_ACTIVE);
  if (quantity > facts.perBuyerLimit) throw new AppError('PURCHASE_LIMIT', messages.PURCHASE_LIMIT);
  // In the sale's first seconds, wait for the window's close and take from the stock in playback-adjusted order.
  if (cached) await ctx.fairStart.admit(saleId, cached.startsAt, press);

  let gate: TakeResult | 'bypass';
  try {
    gate = await ctx.counter.take(saleId, buyerId, quantity);
    if (!gate.ok && gate.reason === 'NOT_LOADED') {
      await rebuildCounter(ctx, saleId);
      gate = await ctx.counter.take(saleId, buyerId, quantity);
    }
  } catch (error) {
    // Counter unreachable (Redis down): the database alone still decides correctly, only slower.
    ctx.log(`[sale:${saleId}] stock counter unavailable, using the database only: ${(error as Error).message}`, 'warn');
    gate = 'bypass';
  }
  if (gate !== 'bypass' && !gate.ok) {
    const reason = gate.reason === 'NOT_LOADED' ? 'SALE_NOT_ACTIVE' : gate.reason;
    throw new AppError(reason, messages[reason]);
  }

  const expiresAt = new Date(Date.now() + ctx.holdSeconds * 1000);
  const giveBack = () =>
    gate === 'bypass' ? Promise.resolve() : ctx.counter.give(saleId, buyerId, quantity, true).catch(() => {});
  let outcome: Awaited<ReturnType<CommerceContext['writer']['take']>>;
  try {
    outcome = await ctx.writer.take(facts, { buyerId, quantity, expiresAt, paymentProvider: ctx.payments.name });
  } catch (error) {
    await giveBack();
    throw error;
  }
  if (!outcome.ok) {
    await giveBack();
    throw new AppError(outcome.reason, messages[outcome.reason]);
  }
  ctx.heldOrders.remember(outcome.orderId, {
    reservationId: outcome.reservationId,
    saleId,
    showId,
    buyerId,
    productId: facts.productId,
    quantity,
  });
  publishStock(ctx, facts.showId, saleId, outcome.remaining);
  analyticsOrderEvent(ctx.db, 'hold_placed', outcome.orderId);
  return {
    orderId: outcome.orderId,
    reservationId: outcome.reservationId,
    expiresAt: expiresAt.toISOString(),
    remaining: outcome.remaining,
  };
}

/**
 * Sends the new count to viewers (throttled by the broadcaster to 10/s per sale). The moment a sale sells out is a
 * cue on the show's media timeline, stored first so its broadcast carries the media time.
 */
export function publishStock(ctx: CommerceContext, showId: string, saleId: string, remaining: number): void {
  const cached = ctx.saleFacts.get(saleId);
  if (!cached) return;
  // Ended for everyone once the viewers furthest behind have seen the end (the database grants until then).
  const ended = cached.endsAt + ctx.fairStart.config.maxLagMs <= Date.now();
  const stock = {
    saleId,
    showProductId: cached.showProductId,
    remaining,
    quantity: cached.quantity,
    status: ended ? 'ended' : remaining === 0 ? 'sold_out' : 'active',
  } as const;
  const soldOutNow = stock.status === 'sold_out' && !cached.soldOutCued;
  cached.soldOutCued = stock.status === 'sold_out';
  if (!soldOutNow) {
    ctx.broadcaster.stockChanged(showId, stock);
    return;
  }
  void cueSale(ctx, showId, { kind: 'sold_out', stock }, new Date()).then((cue) =>
    ctx.broadcaster.stockChanged(showId, { ...stock, ...cue }),
  );
}
