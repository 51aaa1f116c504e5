'use client';

import Link from 'next/link';
import { useEffect } from 'react';
import { useApiQuery } from '../../../api/queries';
import { formatDateTime } from '../../../format/date-time';
import { formatMoney } from '../../../format/money';
import { RequireSession } from '../../console/require-session';
import { ErrorState, LoadingState } from '../../feedback/feedback';
import { OrderStatus, RefundOwedBadge } from './order-status';
import { AskLink } from '../../conversations/ask-links';
import styles from './orders.module.css';
import { commerceRoutes } from '@server/commerce/commerce-schemas';

export function OrderDetail({ orderId }: { orderId: string }) {
  return <RequireSession>{() => <OrderDetailBody orderId={orderId} />}</RequireSession>;
}

function OrderDetailBody({ orderId }: { orderId: string }) {
  const { data: order, error, reload } = useApiQuery(commerceRoutes.myOrder, { params: { orderId } });
  const confirming = order?.status === 'PENDING';
  // Back from a bank's 3-D Secure page the payment may still be confirming: look again every 2 s for 2 minutes.
  useEffect(() => {
    if (!confirming) return;
    const started = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - started > 120_000) clearInterval(timer);
      else void reload();
    }, 2000);
    return () => clearInterval(timer);
  }, [confirming, reload]);
  if (error)
    return (
      <main className="container">
        <ErrorState
          message={error.status === 404 ? 'This order does not exist or is not yours.' : error.message}
          onRetry={() => void reload()}
        />
      </main>
    );
  if (!order)
    return (
      <main className="container">
        <LoadingState label="Loading order…" />
      </main>
    );
  return (
    <main className="container" data-testid="order-detail">
      <p>
        <Link href="/orders">← All orders</Link>
      </p>
      <div className="page-header">
        <h1>Order {order.id.slice(-8)}</h1>
        <span className="row">
          <AskLink brandId={order.brandId} label="Chat with us" />
          <OrderStatus status={order.status} />
          {order.refundOwed ? <RefundOwedBadge audience="buyer" /> : null}
        </span>
      </div>
      {confirming ? (
        <p className="muted" role="status" data-testid="order-confirming">
          Waiting for your payment to confirm… this page updates by itself.
        </p>
      ) : null}
      <section className="card stack">
        <table className={styles.table}>
          <tbody>
            {order.items.map((item) => (
              <tr key={item.productId}>
                <td>
                  {item.quantity} × {item.title}
                </td>
                <td className={styles.amount}>{formatMoney(item.unitPriceMinor * item.quantity, order.currency)}</td>
              </tr>
            ))}
            <tr>
              <th>Total</th>
              <th className={styles.amount}>{formatMoney(order.totalMinor, order.currency)}</th>
            </tr>
            {order.refundOwed ? (
              <tr>
                <td>Refund on its way (since {formatDateTime(order.refundOwed.since)})</td>
                <td className={styles.amount}>−{formatMoney(order.refundOwed.amountMinor, order.currency)}</td>
              </tr>
            ) : null}
            {order.refundedMinor > 0 ? (
              <tr>
                <td>Refunded</td>
                <td className={styles.amount}>−{formatMoney(order.refundedMinor, order.currency)}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
        <p className="muted">
          Ordered {formatDateTime(order.createdAt)}
          {order.paidAt ? ` · paid ${formatDateTime(order.paidAt)}` : ''}
          {order.showId ? (
            <>
              {' · '}
              <Link href={`/shows/${encodeURIComponent(order.showId)}`}>{order.showTitle ?? 'the show'}</Link>
            </>
          ) : null}
          {order.paymentProvider === 'test' ? ' · test payment' : ''}
        </p>
      </section>
    </main>
  );
}
