import type { Order, OrderItem, Reservation } from '../../prisma/generated/client';

export const formatMinor = (minor: number, currency: string): string =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(minor / 100);

export function toOrderView(order: Order & { items: OrderItem[]; reservation?: Reservation | null; show?: { title: string } | null; buyer?: { name: string; email: string } }) {
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
    items: order.items.map((item) => ({ productId: item.productId, title: item.title, quantity: item.quantity, unitPriceMinor: item.unitPriceMinor })),
  };
}
export type OrderView = ReturnType<typeof toOrderView>;
