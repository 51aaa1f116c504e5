import type { Order } from '../../prisma/generated/client';
import type { CommerceContext } from './commerce-context';
import { sendOrderMail } from './send-receipt';

/**
 * A payment succeeded. Usual case: the hold is still HELD, it becomes CONVERTED and the order PAID.
 * Late case (the hold expired and its units went back before the money arrived) — the documented decision:
 * honour the order if its units can still be taken back with the same conditional update, otherwise refund in
 * full at once. Never oversold, never a paid order lost. See server/commerce/README.md.
 */
export async function settleSucceededPayment(ctx: CommerceContext, order: Order): Promise<'paid' | 'honoured-late' | 'refunded-late' | 'no-change'> {
  if (order.status === 'PAID' || order.status === 'REFUNDED') return 'no-change';
  const reservationId = order.reservationId;
  const onTime = await ctx.db.$transaction(async (tx) => {
    if (!reservationId) return false;
    const { count } = await tx.reservation.updateMany({ where: { id: reservationId, status: 'HELD' }, data: { status: 'CONVERTED' } });
    if (count === 0) return false;
    await tx.order.updateMany({ where: { id: order.id, status: { in: ['PENDING', 'FAILED', 'EXPIRED', 'CANCELED'] } }, data: { status: 'PAID', paidAt: new Date() } });
    return true;
  });
  if (onTime) {
    await sendOrderMail(ctx, order.id, 'receipt');
    return 'paid';
  }

  const reservation = reservationId ? await ctx.db.reservation.findUnique({ where: { id: reservationId } }) : null;
  if (reservation?.status === 'CONVERTED') return 'no-change';
  const honoured = reservation
    ? await ctx.db.$transaction(async (tx) => {
        const taken = reservation.flashSaleId
          ? await tx.flashSale.updateMany({ where: { id: reservation.flashSaleId, remaining: { gte: reservation.quantity } }, data: { remaining: { decrement: reservation.quantity } } })
          : await tx.product.updateMany({ where: { id: reservation.productId, stock: { gte: reservation.quantity } }, data: { stock: { decrement: reservation.quantity } } });
        if (taken.count === 0) return false;
        const { count } = await tx.reservation.updateMany({ where: { id: reservation.id, status: { in: ['EXPIRED', 'RELEASED'] } }, data: { status: 'CONVERTED' } });
        if (count === 0) throw new Error('reservation changed while settling a late payment');
        if (reservation.flashSaleId) {
          // the units count against the buyer again (under the sale's row lock taken just above, like every tally write)
          const key = { flashSaleId: reservation.flashSaleId, buyerId: reservation.buyerId };
          await tx.flashSaleBuyer.upsert({ where: { flashSaleId_buyerId: key }, create: { ...key, units: reservation.quantity }, update: { units: { increment: reservation.quantity } } });
        }
        await tx.order.updateMany({ where: { id: order.id, status: { notIn: ['PAID', 'REFUNDED'] } }, data: { status: 'PAID', paidAt: new Date() } });
        return true;
      })
    : false;
  if (honoured) {
    // The counter no longer matches the database; rebuilt from it on next use.
    if (reservation?.flashSaleId) await ctx.counter.drop(reservation.flashSaleId).catch(() => {});
    ctx.log(`[order:${order.id}] late payment honoured: units were still available`);
    await sendOrderMail(ctx, order.id, 'receipt');
    return 'honoured-late';
  }

  // Record the money first (PAID), then refund it; the refund's own event is idempotent with this update.
  const { count } = await ctx.db.order.updateMany({ where: { id: order.id, status: { notIn: ['PAID', 'REFUNDED'] } }, data: { status: 'PAID', paidAt: new Date() } });
  if (count === 0 || !order.paymentIntentId) return 'no-change';
  await ctx.payments.refund({ paymentIntentId: order.paymentIntentId, amountMinor: order.totalMinor, idempotencyKey: `late-refund:${order.id}` });
  await ctx.db.order.updateMany({ where: { id: order.id, status: 'PAID' }, data: { status: 'REFUNDED', refundedMinor: order.totalMinor } });
  ctx.log(`[order:${order.id}] late payment refunded: its hold had expired and the units were gone`);
  await sendOrderMail(ctx, order.id, 'late-refund');
  return 'refunded-late';
}
