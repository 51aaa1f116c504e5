import type { PaymentEventInput } from '../payments/payment-provider';
import { applyPaymentEvent, type ApplyResult } from './apply-payment-event';
import type { CommerceContext } from './commerce-context';
import { retryDelayMs, retryOwedRefunds } from './owed-refunds';

/**
 * A stored event is replayed at most this many times (waits of 1, 2, 4 … minutes, then hourly: about 18 hours in
 * all), then given up: logged, and left stored with gaveUpAt set (clear it to replay the event again).
 */
export const eventAttemptLimit = 24;
/** Orders with a payment are asked about for this long at most. */
const pollWindowMs = 3 * 24 * 3600_000;

/**
 * Settles what webhooks missed: events stored before their order was visible, refunds still owed (provider down
 * when first asked), and orders with a payment whose outcome never arrived (asked from the provider). Bounded per
 * run; runs every minute. `now` is the clock (tests move it forward to reach a backoff).
 */
export async function reconcilePayments(
  ctx: CommerceContext,
  options: { olderThanMs?: number; limit?: number; now?: Date } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const olderThan = new Date(now.getTime() - (options.olderThanMs ?? 60_000));
  const limit = options.limit ?? 50;
  let settled = 0;

  // 1. Stored events, due ones first. One that still does not apply waits longer each time, so events that never
  //    match (an order that never appears) make room for newer ones instead of filling every run.
  const waiting = await ctx.db.paymentEvent.findMany({
    where: { processedAt: null, gaveUpAt: null, retryAt: { lte: now }, receivedAt: { lte: olderThan } },
    take: limit,
    orderBy: { retryAt: 'asc' },
  });
  for (const row of waiting) {
    const stored = row.payload as unknown as PaymentEventInput & { raw?: unknown };
    let result: ApplyResult | 'failed';
    let failure = '';
    try {
      result = await applyPaymentEvent(ctx, { ...stored, payload: stored.raw ?? null });
    } catch (error) {
      result = 'failed';
      failure = error instanceof Error ? error.message : String(error);
    }
    if (result === 'applied') settled += 1;
    if (result === 'applied' || result === 'duplicate') continue;
    const attempts = row.attempts + 1;
    const why =
      result === 'order-not-found'
        ? `no order matches ${stored.orderId ? `order id ${stored.orderId} or ` : ''}payment intent ${stored.paymentIntentId}`
        : `applying it failed: ${failure}`;
    if (attempts >= eventAttemptLimit) {
      await ctx.db.paymentEvent.updateMany({
        where: { id: row.id, processedAt: null },
        data: { attempts, gaveUpAt: now },
      });
      ctx.log(
        `[payment-event:${row.providerEventId}] GIVING UP on this ${row.type} event (${row.provider}, received ${row.receivedAt.toISOString()}) after ${attempts} attempts: ${why}. ` +
          'It stays stored unprocessed; set its gaveUpAt to null to have reconciliation try it again.',
        'error',
      );
    } else {
      await ctx.db.paymentEvent.updateMany({
        where: { id: row.id, processedAt: null },
        data: { attempts, retryAt: new Date(now.getTime() + retryDelayMs(attempts)) },
      });
      if (result === 'failed')
        ctx.log(`[payment-event:${row.providerEventId}] replay ${attempts} failed, retried later: ${failure}`, 'warn');
    }
  }

  // 2. Refunds owed: the provider failed when first asked; the same idempotency key every time.
  settled += await retryOwedRefunds(ctx, now, limit);

  // 3. Open payments whose outcome never arrived. An intent known canceled (its canceled event, from the provider
  //    or from an earlier run, is stored against the order) can never be paid: such orders are not asked again.
  const open = await ctx.db.order.findMany({
    where: {
      paymentIntentId: { not: null },
      status: { in: ['PENDING', 'FAILED', 'EXPIRED', 'CANCELED'] },
      updatedAt: { lte: olderThan, gte: new Date(now.getTime() - pollWindowMs) },
      paymentEvents: { none: { type: 'canceled', processedAt: { not: null } } },
    },
    take: limit,
    orderBy: { updatedAt: 'asc' },
  });
  for (const order of open) {
    const intent = await ctx.payments.retrievePayment(order.paymentIntentId!).catch((error: unknown) => {
      ctx.log(
        `[order:${order.id}] could not look up payment ${order.paymentIntentId}: ${(error as Error).message}`,
        'warn',
      );
      return null;
    });
    if (!intent) {
      // Unknown to the provider (or it failed to answer): touch it, so 50 such orders cannot hold every run.
      await ctx.db.order.updateMany({
        where: { id: order.id, updatedAt: order.updatedAt },
        data: { updatedAt: new Date() },
      });
      continue;
    }
    const kind =
      intent.amountRefundedMinor > 0
        ? 'refunded'
        : intent.status === 'succeeded'
          ? 'succeeded'
          : intent.status === 'canceled'
            ? 'canceled'
            : null;
    if (!kind) {
      // The hold ended but its payment is still open: the cancel sent then did not get through. Ask again, so a
      // later run finds it canceled and stops asking.
      if ((order.status === 'EXPIRED' || order.status === 'CANCELED') && intent.status === 'requires_payment') {
        await ctx.payments
          .cancelPayment(intent.id)
          .catch((error) =>
            ctx.log(`[order:${order.id}] cancel ${intent.id} failed: ${(error as Error).message}`, 'warn'),
          );
      }
      // Nothing to settle; touch it so the next run looks at other orders first.
      await ctx.db.order.updateMany({
        where: { id: order.id, updatedAt: order.updatedAt },
        data: { updatedAt: new Date() },
      });
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
