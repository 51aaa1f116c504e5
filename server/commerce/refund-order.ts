import { AppError, notFound } from '../errors/app-error';
import type { CommerceContext } from './commerce-context';
import { attemptRefund, recordRefund } from './owed-refunds';

/**
 * A brand refunds a paid order in full through the provider. The refund (amount, restock wanted) is written
 * first, so Stripe's charge.refunded webhook can finish it if it lands before the provider's answer: whichever
 * side comes first marks the order REFUNDED, restocks and mails the buyer, once (owed-refunds.ts).
 * `restocked` says where the units went: PRODUCT (normal price: Product.stock), FLASH_SALE (back on the sale,
 * which was still on), NOTHING (the sale had ended; its units go nowhere), or null (no restock asked).
 */
export async function refundOrder(ctx: CommerceContext, brandId: string, orderId: string, restock: boolean) {
  const order = await ctx.db.order.findFirst({ where: { id: orderId, brandId } });
  if (!order) throw notFound('order');
  const recorded = await ctx.db.$transaction(async (tx) => {
    // The order's row lock: no webhook can mark it REFUNDED between this check and the refund's insert.
    const [paid] = await tx.$queryRaw<{ paymentIntentId: string; totalMinor: number; refundedMinor: number }[]>`
      SELECT "paymentIntentId", "totalMinor", "refundedMinor" FROM "Order"
      WHERE id = ${order.id} AND status = 'PAID' AND "paymentIntentId" IS NOT NULL FOR UPDATE`;
    if (!paid) return false;
    const owed = await tx.orderRefund.findUnique({ where: { orderId: order.id } });
    if (owed) {
      // Asked again while the provider has not confirmed an earlier attempt: the same refund (same key and amount)
      // is asked for now; a brand refund takes this request's restock choice.
      if (owed.reason === 'BRAND' && owed.restock !== restock)
        await tx.orderRefund.update({ where: { orderId: order.id }, data: { restock } });
      return true;
    }
    await recordRefund(tx, {
      orderId: order.id,
      reason: 'BRAND',
      paymentIntentId: paid.paymentIntentId,
      amountMinor: paid.totalMinor - paid.refundedMinor,
      restock,
    });
    return true;
  });
  if (!recorded) throw new AppError('ORDER_NOT_PAYABLE', 'only a paid order can be refunded');
  if (!(await attemptRefund(ctx, order.id))) {
    throw new AppError(
      'UNAVAILABLE',
      'the payment provider did not confirm the refund; it is recorded and will be retried automatically',
    );
  }
  const { restocked } = await ctx.db.orderRefund.findUniqueOrThrow({
    where: { orderId: order.id },
    select: { restocked: true },
  });
  return {
    order: await ctx.db.order.findUniqueOrThrow({ where: { id: order.id }, include: { items: true } }),
    restocked,
  };
}
