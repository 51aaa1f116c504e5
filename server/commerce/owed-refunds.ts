// Refunds owed. A full refund we decide on (a late payment whose units are gone, or a brand admin's refund) is
// written down as an OrderRefund row before the provider is asked, in the same transaction as the order's own
// state, so neither a provider outage nor a crash can lose it: reconciliation retries it with the same idempotency
// key until the provider confirms. Confirming is one conditional step (refundedAt null -> now) that also marks the
// order REFUNDED and restocks; whichever side takes it — the answer to our own call or the provider's
// charge.refunded webhook — mails the buyer, and the other finds nothing left to do. See server/commerce/README.md.
import { analyticsOrderEvent } from '../analytics/analytics-hooks';
import type { Order, OrderItem, Prisma, RefundReason, Reservation, RestockResult } from '../../prisma/generated/client';
import type { CommerceContext } from './commerce-context';
import { publishStock } from './reserve-flash-sale';
import { loadSaleFacts } from './sale-facts';
import { sendOrderMail } from './send-receipt';

export const refundIdempotencyKey = (reason: RefundReason, orderId: string): string =>
  reason === 'LATE_PAYMENT' ? `late-refund:${orderId}` : `refund:${orderId}`;

/** Wait before retry n: 1, 2, 4 … minutes, at most an hour (a provider that is down is not asked every minute). */
export const retryDelayMs = (attempts: number): number => Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;

/** A refund just written is asked for by its writer at once; reconciliation leaves it alone for this long. */
const writerGraceMs = 60_000;
/** From this many failed attempts on, each failure is logged as needing a person (the refund stays owed). */
const loudAfterAttempts = 10;

type Tx = Prisma.TransactionClient;

/** Writes the refund owed, inside the caller's transaction (which holds the PAID order's row). */
export function recordRefund(
  tx: Tx,
  input: { orderId: string; reason: RefundReason; paymentIntentId: string; amountMinor: number; restock: boolean },
) {
  return tx.orderRefund.create({ data: { ...input, retryAt: new Date(Date.now() + writerGraceMs) } });
}

/**
 * Asks the provider for an owed refund, always with the same idempotency key and amount (a refund that went
 * through but whose answer was lost is answered again, not made twice). Confirms it on success; on failure
 * counts the attempt and schedules the next one. Returns whether the refund is confirmed now.
 */
export async function attemptRefund(ctx: CommerceContext, orderId: string, now = new Date()): Promise<boolean> {
  const refund = await ctx.db.orderRefund.findUnique({ where: { orderId } });
  if (!refund) return false;
  if (refund.refundedAt) return true;
  try {
    await ctx.payments.refund({
      paymentIntentId: refund.paymentIntentId,
      amountMinor: refund.amountMinor,
      idempotencyKey: refundIdempotencyKey(refund.reason, orderId),
    });
  } catch (error) {
    const attempts = refund.attempts + 1;
    const message = error instanceof Error ? error.message : String(error);
    const retryAt = new Date(now.getTime() + retryDelayMs(attempts));
    await ctx.db.orderRefund.updateMany({
      where: { orderId, refundedAt: null },
      data: { attempts: { increment: 1 }, lastError: message.slice(0, 500), retryAt },
    });
    const loud =
      attempts >= loudAfterAttempts
        ? ` NEEDS A PERSON: check payment ${refund.paymentIntentId} in the provider dashboard (idempotency key ${refundIdempotencyKey(refund.reason, orderId)});`
        : '';
    ctx.log(
      `[order:${orderId}] refund of ${refund.amountMinor} (${refund.reason}) still owed after attempt ${attempts}:${loud} next try ${retryAt.toISOString()}; provider said: ${message}`,
      loud ? 'error' : 'warn',
    );
    return false;
  }
  await confirmRefund(ctx, orderId);
  return true;
}

interface SaleReturn {
  saleId: string;
  showId: string | null;
  buyerId: string;
  quantity: number;
  remaining: number;
}

/**
 * The provider refunded the order in full (our call returned, or its webhook came first). Only the first caller
 * for a recorded refund gets true: it marked the order REFUNDED, restocked if asked and mailed the buyer.
 * False when no refund of ours is owed for this order (a refund made in the provider's dashboard, or already done).
 */
export async function confirmRefund(ctx: CommerceContext, orderId: string): Promise<boolean> {
  const done = await ctx.db.$transaction(async (tx) => {
    // The order's row first, like recording does, so the two never wait on each other in opposite order.
    await tx.$queryRaw`SELECT id FROM "Order" WHERE id = ${orderId} FOR UPDATE`;
    const { count } = await tx.orderRefund.updateMany({
      where: { orderId, refundedAt: null },
      data: { refundedAt: new Date() },
    });
    if (count === 0) return null;
    const refund = await tx.orderRefund.findUniqueOrThrow({
      where: { orderId },
      include: { order: { include: { items: true, reservation: true } } },
    });
    // A refund is only recorded for a PAID order and states only move forward, so this is PAID (or REFUNDED).
    await tx.order.updateMany({
      where: { id: orderId, status: { in: ['PAID', 'REFUNDED'] } },
      data: { status: 'REFUNDED', refundedMinor: refund.order.totalMinor },
    });
    const restocked = refund.restock ? await restock(tx, refund.order) : null;
    if (restocked) await tx.orderRefund.update({ where: { orderId }, data: { restocked: restocked.result } });
    return { reason: refund.reason, restocked };
  });
  if (!done) return false;
  analyticsOrderEvent(ctx.db, 'refunded', orderId);
  const sale = done.restocked?.sale;
  if (sale) {
    // the counter follows the database: units back, and the buyer's tally lowered (the limit applies to them again)
    await ctx.counter.give(sale.saleId, sale.buyerId, sale.quantity, true).catch(() => {});
    if (sale.showId) {
      await loadSaleFacts(ctx, sale.showId, sale.saleId).catch(() => null);
      publishStock(ctx, sale.showId, sale.saleId, sale.remaining);
    }
  }
  ctx.log(`[order:${orderId}] refunded (${done.reason})${done.restocked ? `, restock: ${done.restocked.result}` : ''}`);
  await sendOrderMail(ctx, orderId, done.reason === 'LATE_PAYMENT' ? 'late-refund' : 'refund');
  return true;
}

/**
 * Where a refunded order's units go. Normal-price units came from Product.stock and go back there. Flash-sale
 * units came from the sale's own allocation: back to FlashSale.remaining while the sale is on (the same conditional
 * update as every unit movement, which also takes the sale's row lock that every per-buyer tally write holds);
 * once the sale ended its allocation is closed and they go nowhere (NOTHING, reported to the caller).
 */
async function restock(
  tx: Tx,
  order: Order & { items: OrderItem[]; reservation: Reservation | null },
): Promise<{ result: RestockResult; sale?: SaleReturn }> {
  const reservation = order.reservation;
  if (reservation?.flashSaleId) {
    // Only bought units can go back (a late payment's refund never restocks: its units were never taken).
    if (reservation.status !== 'CONVERTED') return { result: 'NOTHING' };
    const saleId = reservation.flashSaleId;
    const back = await tx.flashSale.updateMany({
      where: { id: saleId, status: 'ACTIVE', endsAt: { gt: new Date() } },
      data: { remaining: { increment: reservation.quantity } },
    });
    if (back.count === 0) return { result: 'NOTHING' };
    // The units are on sale again, so they no longer count against their buyer: the reservation is RELEASED and
    // the FlashSaleBuyer tally lowered, keeping tallies equal to the buyer's HELD + CONVERTED reservations.
    await tx.reservation.update({ where: { id: reservation.id }, data: { status: 'RELEASED' } });
    await tx.flashSaleBuyer.updateMany({
      where: { flashSaleId: saleId, buyerId: reservation.buyerId },
      data: { units: { decrement: reservation.quantity } },
    });
    const { remaining } = await tx.flashSale.findUniqueOrThrow({ where: { id: saleId }, select: { remaining: true } });
    return {
      result: 'FLASH_SALE',
      sale: { saleId, showId: order.showId, buyerId: reservation.buyerId, quantity: reservation.quantity, remaining },
    };
  }
  for (const item of order.items)
    await tx.product.update({ where: { id: item.productId }, data: { stock: { increment: item.quantity } } });
  return { result: 'PRODUCT' };
}

/** Reconciliation's share: owed refunds whose retry is due, oldest due first. Returns how many were confirmed. */
export async function retryOwedRefunds(ctx: CommerceContext, now: Date, limit: number): Promise<number> {
  const due = await ctx.db.orderRefund.findMany({
    where: { refundedAt: null, retryAt: { lte: now } },
    orderBy: { retryAt: 'asc' },
    take: limit,
    select: { orderId: true },
  });
  let confirmed = 0;
  for (const { orderId } of due) if (await attemptRefund(ctx, orderId, now)) confirmed += 1;
  return confirmed;
}
