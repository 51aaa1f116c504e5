'use client';

import Link from 'next/link';
import { useApiQuery } from '../../../api/queries';
import { formatDateTime } from '../../../format/date-time';
import { formatMoney } from '../../../format/money';
import { RequireSession } from '../../console/require-session';
import { EmptyState, ErrorState, LoadingState } from '../../feedback/feedback';
import { OrderStatus, RefundOwedBadge } from './order-status';
import styles from './orders.module.css';
import { commerceRoutes } from '@server/commerce/commerce-schemas';

export function MyOrders() {
  return <RequireSession>{() => <MyOrdersList />}</RequireSession>;
}

function MyOrdersList() {
  const { data, error, loading, reload } = useApiQuery(commerceRoutes.myOrders, {});
  return (
    <main className="container">
      <h1>Your orders</h1>
      {loading && !data ? <LoadingState label="Loading orders…" /> : null}
      {error ? <ErrorState message={error.message} onRetry={() => void reload()} /> : null}
      {data && data.items.length === 0 ? (
        <EmptyState title="No orders yet">Buy something in a live show and it shows up here.</EmptyState>
      ) : null}
      <ul className={styles.list} data-testid="my-orders">
        {data?.items.map((order) => (
          <li key={order.id} className={`card ${styles.item}`}>
            <Link href={`/orders/${encodeURIComponent(order.id)}`} className={styles.itemLink}>
              <span className={styles.title}>
                {order.items.map((item) => `${item.quantity} × ${item.title}`).join(', ')}
              </span>
              <span className="muted">
                {order.showTitle ?? ''} · {formatDateTime(order.createdAt)}
              </span>
            </Link>
            <div className={styles.side}>
              <strong>{formatMoney(order.totalMinor, order.currency)}</strong>
              <OrderStatus status={order.status} />
              {order.refundOwed ? <RefundOwedBadge audience="buyer" /> : null}
            </div>
          </li>
        ))}
      </ul>
    </main>
  );
}
