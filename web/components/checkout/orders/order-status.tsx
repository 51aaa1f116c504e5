import type { OrderView } from '@server/commerce/commerce-schemas';

const look: Record<OrderView['status'], { label: string; className: string }> = {
  PENDING: { label: 'Awaiting payment', className: 'badge badge-scheduled' },
  PAID: { label: 'Paid', className: 'badge badge-success' },
  FAILED: { label: 'Payment failed', className: 'badge badge-danger' },
  CANCELED: { label: 'Canceled', className: 'badge' },
  EXPIRED: { label: 'Hold expired', className: 'badge' },
  REFUNDED: { label: 'Refunded', className: 'badge' },
};

export function OrderStatus({ status }: { status: OrderView['status'] }) {
  return (
    <span className={look[status].className} data-testid="order-status" data-status={status}>
      {look[status].label}
    </span>
  );
}

/**
 * A refund recorded but not yet confirmed by the payment provider: the order is still PAID (the money arrived) but
 * the money is going back. The brand console must not ship it; the buyer only needs to know it is on its way.
 */
export function RefundOwedBadge({ audience }: { audience: 'brand' | 'buyer' }) {
  return (
    <span className={audience === 'brand' ? 'badge badge-danger' : 'badge badge-scheduled'} data-testid="refund-owed">
      {audience === 'brand' ? 'Refund pending — do not ship' : 'Refund on its way'}
    </span>
  );
}
