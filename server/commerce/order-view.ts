import type { Order, OrderItem, OrderRefund, Reservation, RestockResult } from '../../prisma/generated/client';

/** What a buyer-facing view reads of a refund: no reason, attempts or provider errors. */
export const buyerRefundSelect = { amountMinor: true, createdAt: true, refundedAt: true } as const;
type BuyerRefund = Pick<OrderRefund, 'amountMinor' | 'createdAt' | 'refundedAt'>;

type OrderRow = Order & {
  items: OrderItem[];
  reservation?: Reservation | null;
  show?: { title: string } | null;
  buyer?: { name: string; email: string };
};

/** A refund written down (OrderRefund) that the provider has not confirmed yet: the money is still owed. */
const owed = <R extends BuyerRefund>(refund: R | null): R | null => (refund && !refund.refundedAt ? refund : null);

/**
 * The buyer's view of an order. A refund still owed (a late payment waiting for its refund, or a brand refund the
 * provider has not confirmed) shows as `refundOwed` — amount and since when only: the order stays PAID until the
 * provider confirms, and "Refund on its way" is all the buyer needs to know.
 */
export function toOrderView(order: OrderRow & { refund: BuyerRefund | null }) {
  const refund = owed(order.refund);
  return {
    id: order.id,
    brandId: order.brandId,
    showId: order.showId,
    showTitle: order.show?.title ?? null,
    status: order.status,
    totalMinor: order.totalMinor,
    refundedMinor: order.refundedMinor,
    currency: order.currency,
    paymentProvider: order.paymentProvider,
    createdAt: order.createdAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
    holdExpiresAt: order.reservation?.status === 'HELD' ? order.reservation.expiresAt.toISOString() : null,
    flashSaleId: order.reservation?.flashSaleId ?? null,
    buyer: order.buyer ? { name: order.buyer.name, email: order.buyer.email } : undefined,
    items: order.items.map((item) => ({
      productId: item.productId,
      title: item.title,
      quantity: item.quantity,
      unitPriceMinor: item.unitPriceMinor,
    })),
    refundOwed: refund ? { amountMinor: refund.amountMinor, since: refund.createdAt.toISOString() } : null,
  };
}
export type OrderView = ReturnType<typeof toOrderView>;

/**
 * The brand console's view: the buyer's, plus the owed refund's bookkeeping, so a PAID order whose money is on its
 * way back is never mistaken for one to ship (why: a late payment stays PAID until its refund is confirmed).
 */
export function toBrandOrderView(order: OrderRow & { refund: OrderRefund | null }) {
  const refund = owed(order.refund);
  return {
    ...toOrderView(order),
    refundOwed: refund
      ? {
          amountMinor: refund.amountMinor,
          since: refund.createdAt.toISOString(),
          reason: refund.reason,
          restock: refund.restock,
          attempts: refund.attempts,
          lastError: refund.lastError,
          nextTryAt: refund.retryAt.toISOString(),
        }
      : null,
  };
}
export type BrandOrderView = ReturnType<typeof toBrandOrderView>;

/** The answer to a brand's refund: the order, and where its units went (null: no restock was asked or done). */
export type RefundAnswer = BrandOrderView & { restocked: RestockResult | null };
