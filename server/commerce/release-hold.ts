import { returnOfferUse } from '../offers/redeem-offer';
import type { CommerceContext } from './commerce-context';
import { loadSaleFacts } from './sale-facts';
import { publishStock } from './reserve-flash-sale';

/**
 * Ends a HELD reservation and gives its units back: RELEASED when the buyer cancels, EXPIRED when the hold runs
 * out. Safe to call twice or from two processes: only the call that moves it out of HELD returns units.
 */
export interface HoldFacts {
  id: string;
  status: string;
  flashSaleId: string | null;
  productId: string;
  quantity: number;
  order: { showId: string | null; paymentIntentId: string | null } | null;
}

export async function endHold(
  ctx: CommerceContext,
  reservationId: string,
  status: 'RELEASED' | 'EXPIRED',
  known?: HoldFacts,
): Promise<boolean> {
  // `known` saves a read on the hot path (the buyer's cancel already loaded it); the updates below stay conditional.
  const reservation: HoldFacts | null =
    known ?? (await ctx.db.reservation.findUnique({ where: { id: reservationId }, include: { order: true } }));
  if (!reservation || reservation.status !== 'HELD') return false;
  let ended = false;
  let intentId = reservation.order?.paymentIntentId ?? null;
  if (reservation.flashSaleId) {
    const saleId = reservation.flashSaleId;
    const outcome = await ctx.writer.giveBack(saleId, reservationId, status);
    if (outcome.returned) {
      ended = true;
      intentId = outcome.returned.paymentIntentId; // read in the same statement: the caller's copy may be older
      await ctx.counter.give(saleId, outcome.returned.buyerId, outcome.returned.quantity, true).catch(() => {});
      if (reservation.order?.showId) {
        await loadSaleFacts(ctx, reservation.order.showId, saleId).catch(() => null);
        publishStock(ctx, reservation.order.showId, saleId, outcome.remaining);
      }
    }
  } else {
    ended = await ctx.db.$transaction(async (tx) => {
      const { count } = await tx.reservation.updateMany({
        where: { id: reservationId, status: 'HELD' },
        data: { status },
      });
      if (count === 0) return false;
      await tx.product.update({
        where: { id: reservation.productId },
        data: { stock: { increment: reservation.quantity } },
      });
      await tx.order.updateMany({
        where: { reservationId, status: { in: ['PENDING', 'FAILED'] } },
        data: { status: status === 'RELEASED' ? 'CANCELED' : 'EXPIRED' },
      });
      // A personal offer's use comes back with the units (only normal-price orders can carry one).
      const order = await tx.order.findUnique({ where: { reservationId }, select: { id: true } });
      if (order) await returnOfferUse(tx, order.id);
      return true;
    });
  }
  // The payment can no longer complete against this hold; a payment that succeeds anyway is settled late.
  if (ended && intentId)
    await ctx.payments
      .cancelPayment(intentId)
      .catch((error) => ctx.log(`cancel ${intentId} failed: ${(error as Error).message}`, 'warn'));
  return ended;
}

/** The sweeper: holds past their time return their units by themselves. Returns how many ended. */
export async function expireDueHolds(ctx: CommerceContext, limit = 200): Promise<number> {
  const due = await ctx.db.reservation.findMany({
    where: { status: 'HELD', expiresAt: { lte: new Date() } },
    select: { id: true },
    orderBy: { expiresAt: 'asc' },
    take: limit,
  });
  // Concurrent on purpose: holds of one sale then share one batched write. A hold that fails to end stays HELD and
  // is retried by the next sweep; the failure is logged (it was swallowed, hiding a writer that failed for good).
  const failures: unknown[] = [];
  const results = await Promise.all(
    due.map(({ id }) =>
      endHold(ctx, id, 'EXPIRED').catch((error: unknown) => {
        failures.push(error);
        return false;
      }),
    ),
  );
  if (failures.length > 0) {
    ctx.log(
      `${failures.length} of ${due.length} expired holds could not be released, retrying on the next sweep: ${(failures[0] as Error).message ?? String(failures[0])}`,
      'error',
    );
  }
  return results.filter(Boolean).length;
}
