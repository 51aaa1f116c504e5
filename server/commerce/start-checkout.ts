import { analyticsOrderEvent } from '../analytics/analytics-hooks';
import { AppError, notFound } from '../errors/app-error';
import type { CommerceContext } from './commerce-context';

/** Creates (or, on retry, returns the same) payment for a held order. Idempotency key = the reservation. */
export async function startCheckout(ctx: CommerceContext, buyerId: string, orderId: string) {
  const order = await ctx.db.order.findFirst({
    where: { id: orderId, buyerId },
    include: { reservation: true, items: true },
  });
  if (!order) throw notFound('order');
  if (order.status !== 'PENDING' && order.status !== 'FAILED')
    throw new AppError('ORDER_NOT_PAYABLE', `this order is ${order.status.toLowerCase()}`);
  const hold = order.reservation;
  if (!hold || hold.status !== 'HELD' || hold.expiresAt.getTime() <= Date.now()) {
    throw new AppError('HOLD_EXPIRED', 'your hold on these items has expired; try again');
  }
  const intent = await ctx.payments.createPayment({
    orderId: order.id,
    amountMinor: order.totalMinor,
    currency: order.currency,
    idempotencyKey: `order-payment:${hold.id}`,
    description: order.items.map((item) => `${item.quantity} x ${item.title}`).join(', '),
  });
  await ctx.db.order.updateMany({
    where: { id: order.id, OR: [{ paymentIntentId: null }, { paymentIntentId: intent.id }] },
    data: { paymentIntentId: intent.id },
  });
  analyticsOrderEvent(ctx.db, 'checkout_started', order.id);
  return {
    provider: ctx.payments.name,
    publishableKey: ctx.payments.publishableKey,
    paymentIntentId: intent.id,
    clientSecret: intent.clientSecret,
    amountMinor: order.totalMinor,
    currency: order.currency,
    holdExpiresAt: hold.expiresAt.toISOString(),
  };
}
