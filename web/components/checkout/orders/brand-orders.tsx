'use client';

import { useCallback, useEffect, useState } from 'react';
import { ApiError, call } from '../../../api/api-client';
import { formatDateTime } from '../../../format/date-time';
import { formatMoney } from '../../../format/money';
import { useBrand } from '../../console/brand-context';
import { Alert, EmptyState, ErrorState, LoadingState } from '../../feedback/feedback';
import { orderStatuses } from '../../../../server/commerce/commerce-schemas';
import type { BrandOrderView, RefundAnswer } from '@server/commerce/commerce-schemas';
import { OrderStatus, RefundOwedBadge } from './order-status';
import styles from './orders.module.css';
import { commerceRoutes } from '@server/commerce/commerce-schemas';

interface Notice {
  tone: 'success' | 'info' | 'error';
  text: string;
}

/** What the refund did to stock, as the server reports it (never inferred from the button pressed). */
function refundedText(restocked: RefundAnswer['restocked']): string {
  switch (restocked) {
    case 'FLASH_SALE':
      return 'Refunded. Units back on sale.';
    case 'PRODUCT':
      return 'Refunded. Units back in stock.';
    case 'NOTHING':
      return 'Refunded. The sale had ended, so no units went back.';
    default:
      return 'Refunded. Stock unchanged.';
  }
}

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;

/** The owed refund's line for the brand: how much, since when, and what the provider said last. */
function OwedRefundLine({ order }: { order: BrandOrderView }) {
  const owed = order.refundOwed;
  if (!owed) return null;
  const parts = [
    `${formatMoney(owed.amountMinor, order.currency)} ${owed.reason === 'LATE_PAYMENT' ? 'owed (paid after its hold expired; the units were gone)' : 'refund owed'} since ${formatDateTime(owed.since)}`,
    owed.attempts > 0
      ? `${owed.attempts} failed attempt${owed.attempts === 1 ? '' : 's'}, retried automatically from ${formatDateTime(owed.nextTryAt)}`
      : null,
    owed.lastError ? `provider said: ${owed.lastError}` : null,
  ];
  return (
    <p className={`muted ${styles.owed}`} data-testid="refund-owed-detail">
      {parts.filter(Boolean).join(' · ')}
    </p>
  );
}

/** The brand's orders with status and text filters, load more, and refunds (admins). */
type OrderStatusFilter = (typeof orderStatuses)[number] | '';

export function BrandOrders() {
  const { brandId, canEdit } = useBrand();
  const [status, setStatus] = useState<OrderStatusFilter>('');
  const [text, setText] = useState('');
  const [items, setItems] = useState<BrandOrderView[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  const load = useCallback(
    async (after: string | null) => {
      try {
        const page = await call(commerceRoutes.brandOrders, {
          params: { brandId },
          query: { status: status || undefined, q: text.trim(), cursor: after ?? undefined },
        });
        setItems((previous) => (after && previous ? [...previous, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setError(null);
      } catch (caught) {
        setError(caught instanceof ApiError ? caught.message : 'Could not load orders.');
      }
    },
    [brandId, status, text],
  );
  useEffect(() => {
    const timer = setTimeout(() => void load(null), 250);
    return () => clearTimeout(timer);
  }, [load]);

  const refund = async (order: BrandOrderView, restock: boolean) => {
    const amount = formatMoney(order.refundOwed?.amountMinor ?? order.totalMinor - order.refundedMinor, order.currency);
    const question = order.refundOwed
      ? `Ask the payment provider again for the ${amount} refund owed to ${order.buyer?.email ?? 'the buyer'}?`
      : `Refund ${amount} to ${order.buyer?.email ?? 'the buyer'}?`;
    if (!window.confirm(question)) return;
    const label = `Order ${order.id.slice(-8)}`;
    try {
      const { restocked, ...updated } = await call(commerceRoutes.refund, {
        params: { brandId, orderId: order.id },
        body: { restock },
      });
      setItems((previous) => previous?.map((item) => (item.id === order.id ? updated : item)) ?? null);
      setNotice({ tone: 'success', text: `${label}: ${refundedText(restocked)}` });
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'UNAVAILABLE') {
        // The refund is recorded (owed) but the provider did not confirm it: not a failure the admin must redo.
        setNotice({
          tone: 'info',
          text: `${label}: ${sentence(caught.message)} Do not ship this order; it is marked “Refund pending” until the provider confirms, and Retry refund asks again now.`,
        });
        void load(null); // shows the owed refund as the server has it
        return;
      }
      setNotice({
        tone: 'error',
        text: `${label}: ${caught instanceof ApiError ? sentence(caught.message) : 'The refund failed.'}`,
      });
      void load(null); // e.g. another admin refunded it meanwhile: show the order as it is now
    }
  };

  return (
    <section>
      <div className="page-header">
        <h1>Orders</h1>
      </div>
      <div className={styles.filters}>
        <label>
          <span className="visually-hidden">Status</span>
          <select
            className="input"
            value={status}
            onChange={(event) => setStatus(orderStatuses.find((value) => value === event.target.value) ?? '')}
            data-testid="orders-status-filter"
          >
            <option value="">All statuses</option>
            {orderStatuses.map((value) => (
              <option key={value} value={value}>
                {value.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="visually-hidden">Search orders</span>
          <input
            className="input"
            placeholder="Buyer email, product or order id"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </label>
      </div>
      <Alert tone={notice?.tone} testId="orders-notice">
        {notice?.text}
      </Alert>
      {error ? <ErrorState message={error} onRetry={() => void load(null)} /> : null}
      {!items && !error ? <LoadingState label="Loading orders…" /> : null}
      {items && items.length === 0 ? (
        <EmptyState title="No orders">Orders from your shows appear here.</EmptyState>
      ) : null}
      {items && items.length > 0 ? (
        <div className={`card ${styles.scroll}`}>
          <table className={styles.table} data-testid="brand-orders">
            <thead>
              <tr>
                <th>Order</th>
                <th>Buyer</th>
                <th>Items</th>
                <th className={styles.amount}>Total</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((order) => (
                <tr key={order.id}>
                  <td>
                    <code>{order.id.slice(-8)}</code>
                    <br />
                    <span className="muted">{formatDateTime(order.createdAt)}</span>
                  </td>
                  <td>{order.buyer?.email}</td>
                  <td>{order.items.map((item) => `${item.quantity} × ${item.title}`).join(', ')}</td>
                  <td className={styles.amount}>{formatMoney(order.totalMinor, order.currency)}</td>
                  <td>
                    <span className="row">
                      <OrderStatus status={order.status} />
                      {order.refundOwed ? <RefundOwedBadge audience="brand" /> : null}
                    </span>
                    <OwedRefundLine order={order} />
                  </td>
                  <td>
                    {canEdit && order.status === 'PAID' && order.refundOwed ? (
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() => void refund(order, order.refundOwed?.restock ?? false)}
                      >
                        Retry refund
                      </button>
                    ) : canEdit && order.status === 'PAID' ? (
                      <span className="row">
                        <button type="button" className="button button-small" onClick={() => void refund(order, false)}>
                          Refund
                        </button>
                        <button type="button" className="button button-small" onClick={() => void refund(order, true)}>
                          Refund + restock
                        </button>
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {cursor ? (
        <button type="button" className="button" onClick={() => void load(cursor)}>
          Load more
        </button>
      ) : null}
    </section>
  );
}
