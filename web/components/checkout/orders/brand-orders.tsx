'use client';

import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, query } from '../../../api/api-client';
import { formatDateTime } from '../../../format/date-time';
import { formatMoney } from '../../../format/money';
import { useBrand } from '../../console/brand-context';
import { EmptyState, ErrorState, LoadingState } from '../../feedback/feedback';
import { orderStatuses } from '../../../../server/commerce/commerce-schemas';
import type { OrderView } from '../../../../server/commerce/order-view';
import { OrderStatus } from './order-status';
import styles from './orders.module.css';

/** The brand's orders with status and text filters, load more, and refunds (admins). */
export function BrandOrders() {
  const { apiBase, canEdit } = useBrand();
  const [status, setStatus] = useState('');
  const [text, setText] = useState('');
  const [items, setItems] = useState<OrderView[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(
    async (after: string | null) => {
      try {
        const page = await api.get<{ items: OrderView[]; nextCursor: string | null }>(`${apiBase}/orders${query({ status, q: text.trim(), cursor: after })}`);
        setItems((previous) => (after && previous ? [...previous, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setError(null);
      } catch (caught) {
        setError(caught instanceof ApiError ? caught.message : 'Could not load orders.');
      }
    },
    [apiBase, status, text],
  );
  useEffect(() => {
    const timer = setTimeout(() => void load(null), 250);
    return () => clearTimeout(timer);
  }, [load]);

  const refund = async (order: OrderView, restock: boolean) => {
    if (!window.confirm(`Refund ${formatMoney(order.totalMinor, order.currency)} to ${order.buyer?.email ?? 'the buyer'}?`)) return;
    try {
      const updated = await api.post<OrderView>(`${apiBase}/orders/${encodeURIComponent(order.id)}/refund`, { restock });
      setItems((previous) => previous?.map((item) => (item.id === order.id ? updated : item)) ?? null);
      setNotice(`Order ${order.id.slice(-8)} refunded${restock ? ' and restocked' : ''}.`);
    } catch (caught) {
      setNotice(caught instanceof ApiError ? caught.message : 'The refund failed.');
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
          <select className="input" value={status} onChange={(event) => setStatus(event.target.value)} data-testid="orders-status-filter">
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
          <input className="input" placeholder="Buyer email, product or order id" value={text} onChange={(event) => setText(event.target.value)} />
        </label>
      </div>
      {notice ? <p role="status">{notice}</p> : null}
      {error ? <ErrorState message={error} onRetry={() => void load(null)} /> : null}
      {!items && !error ? <LoadingState label="Loading orders…" /> : null}
      {items && items.length === 0 ? <EmptyState title="No orders">Orders from your shows appear here.</EmptyState> : null}
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
                    <OrderStatus status={order.status} />
                  </td>
                  <td>
                    {canEdit && order.status === 'PAID' ? (
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
