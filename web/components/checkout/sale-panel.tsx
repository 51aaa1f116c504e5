'use client';

// The host's flash-sale panel: start a sale on one of the show's products, watch units sold, held and revenue
// live, end it early.
import { useEffect, useState } from 'react';
import { ApiError, call } from '../../api/api-client';
import { useApiQuery } from '../../api/queries';
import { formatMoney, minorToInput, parseMoneyToMinor } from '../../format/money';
import { useBrand } from '../console/brand-context';
import { useNow } from '../shows/use-now';
import type { SaleView } from './checkout-store';
import styles from './orders/orders.module.css';
import { commerceRoutes } from '@server/commerce/commerce-schemas';
import { type ShowProduct, showRoutes } from '@server/shows/show-schemas';

export function SalePanel({ showId }: { showId: string }) {
  const { brandId, role } = useBrand();
  const canHost = role === 'ADMIN' || role === 'HOST';
  const products = useApiQuery(showRoutes.listProducts, { params: { brandId, showId } });
  const [sales, setSales] = useState<SaleView[]>([]);
  const now = useNow(1000);

  useEffect(() => {
    let stopped = false;
    const load = async () => {
      const body = await call(commerceRoutes.hostSales, { params: { brandId, showId } }).catch(() => null);
      if (body && !stopped) setSales(body.items);
    };
    void load();
    const timer = setInterval(() => void load(), 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [brandId, showId]);

  return (
    <section className="stack" data-testid="sale-panel">
      <h2>Flash sales</h2>
      {canHost && products.data ? (
        <StartSaleForm
          brandId={brandId}
          showId={showId}
          products={products.data.items}
          onStarted={(sale) => setSales((previous) => [sale, ...previous])}
        />
      ) : null}
      {sales.length === 0 ? <p className="muted">No sales in this show yet.</p> : null}
      {sales.map((sale) => {
        const secondsLeft = Math.max(0, Math.ceil((Date.parse(sale.endsAt) - now) / 1000));
        return (
          <article key={sale.saleId} className="card stack" data-testid="sale-stats" data-sale-id={sale.saleId}>
            <div className="row">
              <strong>{sale.title}</strong>
              <span className="badge">
                {sale.status === 'active'
                  ? `${Math.floor(secondsLeft / 60)}:${String(secondsLeft % 60).padStart(2, '0')} left`
                  : sale.status.replace('_', ' ')}
              </span>
            </div>
            <div className={styles.grid}>
              <span className={styles.stat}>
                <strong data-testid="units-sold">{sale.unitsSold ?? 0}</strong> sold
              </span>
              <span className={styles.stat}>
                <strong>{sale.unitsHeld ?? 0}</strong> in checkout
              </span>
              <span className={styles.stat}>
                <strong>{sale.remaining}</strong> of {sale.quantity} left
              </span>
              <span className={styles.stat}>
                <strong data-testid="revenue">{formatMoney(sale.revenueMinor ?? 0, sale.currency)}</strong> revenue
              </span>
            </div>
            {canHost && sale.status !== 'ended' ? (
              <button
                type="button"
                className="button button-small"
                onClick={() => void call(commerceRoutes.endSale, { params: { brandId, showId, saleId: sale.saleId } })}
              >
                End now
              </button>
            ) : null}
          </article>
        );
      })}
    </section>
  );
}

function StartSaleForm({
  brandId,
  showId,
  products,
  onStarted,
}: {
  brandId: string;
  showId: string;
  products: ShowProduct[];
  onStarted: (sale: SaleView) => void;
}) {
  const [showProductId, setShowProductId] = useState(products[0]?.id ?? '');
  const chosen = products.find((row) => row.id === showProductId);
  const currency = chosen?.product.currency ?? 'usd';
  const [price, setPrice] = useState(
    chosen ? minorToInput(chosen.flashPriceMinor ?? chosen.product.priceMinor, currency) : '',
  );
  const [quantity, setQuantity] = useState(String(chosen?.flashQuantity ?? 10));
  const [duration, setDuration] = useState('60');
  const [limit, setLimit] = useState(String(chosen?.perBuyerLimit ?? 1));
  const [error, setError] = useState<string | null>(null);

  const pick = (id: string) => {
    setShowProductId(id);
    const row = products.find((candidate) => candidate.id === id);
    if (!row) return;
    setPrice(minorToInput(row.flashPriceMinor ?? row.product.priceMinor, row.product.currency));
    setQuantity(String(row.flashQuantity ?? 10));
    setLimit(String(row.perBuyerLimit ?? 1));
  };
  const start = async () => {
    setError(null);
    const priceMinor = parseMoneyToMinor(price, currency);
    if (priceMinor === null) return setError('Enter a price.');
    try {
      onStarted(
        await call(commerceRoutes.startSale, {
          params: { brandId, showId },
          body: {
            showProductId,
            priceMinor,
            quantity: Number(quantity),
            durationSeconds: Number(duration),
            perBuyerLimit: Number(limit),
          },
        }),
      );
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Could not start the sale.');
    }
  };
  if (products.length === 0) return <p className="muted">Add products to this show to run flash sales.</p>;
  return (
    <form
      className={`card ${styles.filters}`}
      onSubmit={(event) => {
        event.preventDefault();
        void start();
      }}
    >
      <label>
        Product
        <select
          className="input"
          value={showProductId}
          onChange={(event) => pick(event.target.value)}
          data-testid="sale-product"
        >
          {products.map((row) => (
            <option key={row.id} value={row.id}>
              {row.product.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        Price
        <input
          className="input"
          inputMode="decimal"
          value={price}
          onChange={(event) => setPrice(event.target.value)}
          size={8}
        />
      </label>
      <label>
        Units
        <input
          className="input"
          type="number"
          min={1}
          value={quantity}
          onChange={(event) => setQuantity(event.target.value)}
          style={{ width: 90 }}
        />
      </label>
      <label>
        Seconds (10–300)
        <input
          className="input"
          type="number"
          min={10}
          max={300}
          value={duration}
          onChange={(event) => setDuration(event.target.value)}
          style={{ width: 90 }}
        />
      </label>
      <label>
        Per buyer
        <input
          className="input"
          type="number"
          min={1}
          value={limit}
          onChange={(event) => setLimit(event.target.value)}
          style={{ width: 70 }}
        />
      </label>
      <button type="submit" className="button button-primary" data-testid="start-sale">
        Start sale
      </button>
      {error ? (
        <p role="alert" style={{ color: 'var(--color-danger)', margin: 0 }}>
          {error}
        </p>
      ) : null}
    </form>
  );
}
