import { AppError, notFound } from '../errors/app-error';
import type { CommerceContext } from './commerce-context';
import { sendOrderMail } from './send-receipt';

/** A brand refunds a paid order in full through the provider; restocking puts the units back on the product. */
export async function refundOrder(ctx: CommerceContext, brandId: string, orderId: string, restock: boolean) {
  const order = await ctx.db.order.findFirst({ where: { id: orderId, brandId }, include: { items: true } });
  if (!order) throw notFound('order');
  if (order.status !== 'PAID' || !order.paymentIntentId) throw new AppError('ORDER_NOT_PAYABLE', 'only a paid order can be refunded');
  await ctx.payments.refund({ paymentIntentId: order.paymentIntentId, amountMinor: order.totalMinor - order.refundedMinor, idempotencyKey: `refund:${order.id}` });
  const changed = await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.order.updateMany({ where: { id: order.id, status: 'PAID' }, data: { status: 'REFUNDED', refundedMinor: order.totalMinor } });
    if (count > 0 && restock) {
      for (const item of order.items) await tx.product.update({ where: { id: item.productId }, data: { stock: { increment: item.quantity } } });
    }
    return count > 0;
  });
  if (changed) await sendOrderMail(ctx, order.id, 'refund');
  return ctx.db.order.findUniqueOrThrow({ where: { id: order.id }, include: { items: true } });
}
