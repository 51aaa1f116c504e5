import type { Prisma } from '../../prisma/generated/client';
import type { PaymentEventInput } from '../payments/payment-provider';
import { paymentEvents } from '../observability/metrics';
import type { CommerceContext } from './commerce-context';
import { confirmRefund } from './owed-refunds';
import { endHold } from './release-hold';
import { settleSucceededPayment } from './settle-payment';

export type ApplyResult = 'applied' | 'duplicate' | 'order-not-found';

/**
 * How long one delivery owns an event while applying it, well above the slowest provider call made while applying
 * one (a late refund: Stripe's 15 s timeout, 2 retries); a delivery that dies leaves it to reconciliation after.
 */
const claimMs = 5 * 60_000;
/** Clock difference tolerated between this process and the database that stamped `retryAt` on insert. */
const clockSlackMs = 5_000;

/**
 * The one handler for payment outcomes: Stripe webhooks, test payments and reconciliation all end here.
 * Idempotent on the provider's event id; order states only move forward (PENDING < FAILED < CANCELED/EXPIRED <
 * PAID < REFUNDED), so duplicated and out-of-order events converge on the same result.
 */
export async function applyPaymentEvent(ctx: CommerceContext, event: PaymentEventInput): Promise<ApplyResult> {
  const stored = { ...event, payload: undefined, raw: event.payload } as unknown as Prisma.InputJsonValue;
  let record: { id: string; processedAt: Date | null };
  try {
    record = await ctx.db.paymentEvent.create({
      data: { provider: event.provider, providerEventId: event.eventId, type: event.kind, payload: stored },
    });
  } catch (error) {
    if ((error as { code?: string }).code !== 'P2002') throw error;
    record = await ctx.db.paymentEvent.findUniqueOrThrow({ where: { providerEventId: event.eventId } });
    if (record.processedAt) return 'duplicate';
  }
  // One delivery at a time applies an event: the same event delivered twice at once (Stripe retries, two nodes)
  // claims it with one conditional update; the other answers 'duplicate' while the first is at work.
  const now = Date.now();
  const claimed = await ctx.db.paymentEvent.updateMany({
    where: { id: record.id, processedAt: null, retryAt: { lte: new Date(now + clockSlackMs) } },
    data: { retryAt: new Date(now + claimMs) },
  });
  if (claimed.count === 0) return 'duplicate';
  const release = () =>
    ctx.db.paymentEvent.updateMany({ where: { id: record.id, processedAt: null }, data: { retryAt: new Date() } });
  try {
    const result = await applyClaimed(ctx, event, record.id, release);
    if (result === 'applied') paymentEvents.inc({ provider: event.provider, state: event.kind });
    return result;
  } catch (error) {
    await release().catch(() => {});
    throw error;
  }
}

async function applyClaimed(
  ctx: CommerceContext,
  event: PaymentEventInput,
  recordId: string,
  release: () => Promise<unknown>,
): Promise<ApplyResult> {
  const order = await ctx.db.order.findFirst({
    where: event.orderId ? { id: event.orderId } : { paymentIntentId: event.paymentIntentId },
  });
  // A webhook can beat the order row (or its paymentIntentId) to the database: keep it; reconciliation retries.
  if (!order) {
    await release();
    return 'order-not-found';
  }
  if (!order.paymentIntentId)
    await ctx.db.order.updateMany({
      where: { id: order.id, paymentIntentId: null },
      data: { paymentIntentId: event.paymentIntentId },
    });

  switch (event.kind) {
    case 'succeeded':
      await settleSucceededPayment(ctx, { ...order, paymentIntentId: order.paymentIntentId ?? event.paymentIntentId });
      break;
    case 'failed':
      await ctx.db.order.updateMany({ where: { id: order.id, status: 'PENDING' }, data: { status: 'FAILED' } });
      break;
    case 'canceled':
      if (order.reservationId) await endHold(ctx, order.reservationId, 'RELEASED');
      await ctx.db.order.updateMany({
        where: { id: order.id, status: { in: ['PENDING', 'FAILED'] } },
        data: { status: 'CANCELED' },
      });
      break;
    case 'refunded': {
      // A refund implies the payment happened, even if its success event has not arrived yet.
      if (order.reservationId)
        await ctx.db.reservation.updateMany({
          where: { id: order.reservationId, status: 'HELD' },
          data: { status: 'CONVERTED' },
        });
      const full = event.amountRefundedMinor >= order.totalMinor;
      // A refund of ours (a brand's, or a late payment's) was written before the provider was asked: if this event
      // beats the provider's answer to that call, it finishes the refund here — REFUNDED, restock, mail — once.
      if (full && (await confirmRefund(ctx, order.id))) break;
      // Otherwise (a refund made in the provider's dashboard, or ours already finished) only the amounts move.
      await ctx.db.order.updateMany({
        where: { id: order.id, refundedMinor: { lt: event.amountRefundedMinor } },
        data: {
          refundedMinor: event.amountRefundedMinor,
          ...(full ? { status: 'REFUNDED' } : {}),
          paidAt: order.paidAt ?? new Date(),
        },
      });
      break;
    }
  }
  await ctx.db.paymentEvent.update({ where: { id: recordId }, data: { processedAt: new Date(), orderId: order.id } });
  return 'applied';
}
