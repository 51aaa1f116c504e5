import type { PaymentEventInput } from '../payments/payment-provider';
import { applyPaymentEvent } from './apply-payment-event';
import type { CommerceContext } from './commerce-context';

/**
 * Settles what webhooks missed: events stored before their order was visible, and orders with a payment whose
 * outcome never arrived (asked from the provider). Bounded per run; runs every minute.
 */
export async function reconcilePayments(ctx: CommerceContext, options: { olderThanMs?: number; limit?: number } = {}): Promise<number> {
  const olderThan = new Date(Date.now() - (options.olderThanMs ?? 60_000));
  const limit = options.limit ?? 50;
  let settled = 0;

  const waiting = await ctx.db.paymentEvent.findMany({ where: { processedAt: null, receivedAt: { lte: olderThan } }, take: limit, orderBy: { receivedAt: 'asc' } });
  for (const row of waiting) {
    const stored = row.payload as unknown as PaymentEventInput & { raw?: unknown };
    const result = await applyPaymentEvent(ctx, { ...stored, payload: stored.raw ?? null }).catch(() => 'failed');
    if (result === 'applied') settled += 1;
  }

  const open = await ctx.db.order.findMany({
    where: {
      paymentIntentId: { not: null },
      status: { in: ['PENDING', 'FAILED', 'EXPIRED', 'CANCELED'] },
      updatedAt: { lte: olderThan, gte: new Date(Date.now() - 3 * 24 * 3600_000) },
    },
    take: limit,
    orderBy: { updatedAt: 'asc' },
  });
  for (const order of open) {
    const intent = await ctx.payments.retrievePayment(order.paymentIntentId!).catch(() => null);
    if (!intent) continue;
    const kind = intent.amountRefundedMinor > 0 ? 'refunded' : intent.status === 'succeeded' ? 'succeeded' : intent.status === 'canceled' && order.status === 'PENDING' ? 'canceled' : null;
    if (!kind) {
      // Nothing to settle; touch it so the next run looks at other orders first.
      await ctx.db.order.updateMany({ where: { id: order.id, updatedAt: order.updatedAt }, data: { updatedAt: new Date() } });
      continue;
    }
    const result = await applyPaymentEvent(ctx, {
      provider: 'reconcile',
      eventId: `reconcile:${intent.id}:${kind}:${intent.amountRefundedMinor}`,
      kind,
      paymentIntentId: intent.id,
      orderId: order.id,
      amountMinor: intent.amountMinor,
      amountRefundedMinor: intent.amountRefundedMinor,
      payload: { intent: { ...intent, clientSecret: null } },
    });
    if (result === 'applied') settled += 1;
  }
  return settled;
}
