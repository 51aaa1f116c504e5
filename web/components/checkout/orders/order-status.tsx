import type { OrderView } from '../../../../server/commerce/order-view';

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
