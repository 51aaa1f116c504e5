import type { Order } from '../../prisma/generated/client';
import { analyticsOrderEvent } from '../analytics/analytics-hooks';
import type { CommerceContext } from './commerce-context';
import { attemptRefund, recordRefund } from './owed-refunds';
import { sendOrderMail } from './send-receipt';

/**
 * A payment succeeded. Usual case: the hold is still HELD, it becomes CONVERTED and the order PAID.
 * Late case (the hold expired and its units went back before the money arrived) — the documented decision:
 * honour the order if its units can still be taken back with the same conditional update, otherwise refund in
 * full at once (a refund owed is written before the provider is asked, so it is retried until done). Never
 * oversold, never a paid order lost, never money kept without goods. See server/commerce/README.md.
 */
export async function settleSucceededPayment(
  ctx: CommerceContext,
  order: Order,
): Promise<'paid' | 'honoured-late' | 'refunded-late' | 'refund-owed' | 'no-change'> {
  if (order.status === 'PAID' || order.status === 'REFUNDED') return 'no-change';
  const reservationId = order.reservationId;
  const onTime = await ctx.db.$transaction(async (tx) => {
    if (!reservationId) return false;
    const { count } = await tx.reservation.updateMany({
      where: { id: reservationId, status: 'HELD' },
      data: { status: 'CONVERTED' },
    });
    if (count === 0) return false;
    await tx.order.updateMany({
      where: { id: order.id, status: { in: ['PENDING', 'FAILED', 'EXPIRED', 'CANCELED'] } },
      data: { status: 'PAID', paidAt: new Date() },
    });
    return true;
  });
  if (onTime) {
    analyticsOrderEvent(ctx.db, 'order_paid', order.id);
    await sendOrderMail(ctx, order.id, 'receipt');
    return 'paid';
  }

  const reservation = reservationId ? await ctx.db.reservation.findUnique({ where: { id: reservationId } }) : null;
  if (reservation?.status === 'CONVERTED') return 'no-change';
  const honoured = reservation
    ? await ctx.db.$transaction(async (tx) => {
        const taken = reservation.flashSaleId
          ? await tx.flashSale.updateMany({
              where: { id: reservation.flashSaleId, remaining: { gte: reservation.quantity } },
              data: { remaining: { decrement: reservation.quantity } },
            })
          : await tx.product.updateMany({
              where: { id: reservation.productId, stock: { gte: reservation.quantity } },
              data: { stock: { decrement: reservation.quantity } },
            });
        if (taken.count === 0) return false;
        const { count } = await tx.reservation.updateMany({
          where: { id: reservation.id, status: { in: ['EXPIRED', 'RELEASED'] } },
          data: { status: 'CONVERTED' },
        });
        if (count === 0) throw new Error('reservation changed while settling a late payment');
        if (reservation.flashSaleId) {
          // the units count against the buyer again (under the sale's row lock taken just above, like every tally write)
          const key = { flashSaleId: reservation.flashSaleId, buyerId: reservation.buyerId };
          await tx.flashSaleBuyer.upsert({
            where: { flashSaleId_buyerId: key },
            create: { ...key, units: reservation.quantity },
            update: { units: { increment: reservation.quantity } },
          });
        }
        await tx.order.updateMany({
          where: { id: order.id, status: { notIn: ['PAID', 'REFUNDED'] } },
          data: { status: 'PAID', paidAt: new Date() },
        });
        return true;
      })
    : false;
  if (honoured) {
    // The counter no longer matches the database; rebuilt from it on next use.
    if (reservation?.flashSaleId) await ctx.counter.drop(reservation.flashSaleId).catch(() => {});
    ctx.log(`[order:${order.id}] late payment honoured: units were still available`);
    analyticsOrderEvent(ctx.db, 'order_paid', order.id);
    await sendOrderMail(ctx, order.id, 'receipt');
    return 'honoured-late';
  }

  // The units are gone: the money goes back in full. The order is recorded PAID (the money did arrive) together
  // with the refund it is owed, in one transaction, before the provider is asked: if the provider fails, the
  // owed refund stays written and reconciliation retries it with the same key (owed-refunds.ts). Without that
  // row a retried webhook would see PAID and change nothing, and reconciliation skips PAID orders.
  const paymentIntentId = order.paymentIntentId;
  if (!paymentIntentId) return 'no-change';
  const recorded = await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.order.updateMany({
      where: { id: order.id, status: { notIn: ['PAID', 'REFUNDED'] } },
      data: { status: 'PAID', paidAt: new Date() },
    });
    if (count === 0) return false;
    await recordRefund(tx, {
      orderId: order.id,
      reason: 'LATE_PAYMENT',
      paymentIntentId,
      amountMinor: order.totalMinor,
      restock: false,
    });
    return true;
  });
  if (!recorded) return 'no-change';
  ctx.log(
    `[order:${order.id}] late payment: its hold had expired and the units were gone; refunding it in full`,
    'warn',
  );
  // Confirming marks the order REFUNDED and sends the late-refund mail (here, or from the refund's webhook).
  return (await attemptRefund(ctx, order.id)) ? 'refunded-late' : 'refund-owed';
}
