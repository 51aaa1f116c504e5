import type { CommerceContext } from './commerce-context';
import { formatMoney } from '../money/money-format';

/** Receipt and refund notices through the mail port; a mail failure never undoes a payment. */
export async function sendOrderMail(
  ctx: CommerceContext,
  orderId: string,
  kind: 'receipt' | 'refund' | 'late-refund',
): Promise<void> {
  try {
    const order = await ctx.db.order.findUnique({
      where: { id: orderId },
      include: { items: true, buyer: true, brand: true },
    });
    if (!order) return;
    const lines = order.items.map(
      (item) =>
        `  ${item.quantity} x ${item.title} — ${formatMoney(item.unitPriceMinor * item.quantity, order.currency)}`,
    );
    const link = `${ctx.publicBaseUrl}/orders/${order.id}`;
    const subject = {
      receipt: `Your ${order.brand.name} order is paid`,
      refund: `Your ${order.brand.name} order was refunded`,
      'late-refund': `Your ${order.brand.name} payment was refunded`,
    }[kind];
    const intro = {
      receipt: `Thank you, ${order.buyer.name}! We received ${formatMoney(order.totalMinor, order.currency)}.`,
      refund: `We refunded ${formatMoney(order.refundedMinor, order.currency)} to your card.`,
      'late-refund': `Your payment arrived after your hold had expired and the items had sold out, so we refunded it in full.`,
    }[kind];
    const text = [intro, '', ...lines, '', `Order ${order.id}: ${link}`].join('\n');
    await ctx.mail.send({ to: order.buyer.email, subject, text });
  } catch (error) {
    ctx.log(`[order:${orderId}] ${kind} mail failed: ${(error as Error).message}`, 'error');
  }
}
