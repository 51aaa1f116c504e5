'use client';

import type { PublicShowProduct, PublicStock } from '../../api/api-types';
import { formatMoney } from '../../format/money';
import { useRunningSale } from './use-running-sale';
import styles from './product-price.module.css';

type Priced = Pick<PublicShowProduct, 'showProductId' | 'priceMinor' | 'flashPriceMinor' | 'currency'> & {
  stock?: PublicStock;
};

const regularStockText: Record<PublicStock['status'], (left: number | null) => string> = {
  in_stock: () => 'In stock',
  low: (left) => `Only ${left} left`,
  sold_out: () => 'Sold out',
};

/**
 * A price that means what it says: the deal price (with the regular one struck) only while a flash sale runs and
 * Buy charges it; a planned deal reads as upcoming, next to the price Buy charges today. Stock is the sale's own
 * allocation while it runs, else the product's (exact only when few are left).
 */
export function ProductPrice({ product, compact = false }: { product: Priced; compact?: boolean }) {
  const sale = useRunningSale(product.showProductId);
  if (sale) {
    return (
      <span className={styles.price} data-testid="product-price" data-price-state="deal">
        <strong className={styles.deal}>{formatMoney(sale.priceMinor, sale.currency)}</strong>{' '}
        <s className={styles.was}>{formatMoney(product.priceMinor, product.currency)}</s>
        {compact ? null : (
          <span className={styles.stock} data-testid="product-stock">
            {sale.remaining === 0 ? 'Sold out' : `${sale.remaining} of ${sale.quantity} left`}
          </span>
        )}
      </span>
    );
  }
  return (
    <span className={styles.price} data-testid="product-price" data-price-state="regular">
      <strong>{formatMoney(product.priceMinor, product.currency)}</strong>
      {product.flashPriceMinor !== null && product.flashPriceMinor < product.priceMinor ? (
        <span className={styles.upcoming} data-testid="upcoming-deal">
          {formatMoney(product.flashPriceMinor, product.currency)} when the deal starts
        </span>
      ) : null}
      {product.stock && !compact ? (
        <span
          className={`${styles.stock} ${product.stock.status === 'in_stock' ? '' : styles.scarce}`}
          data-testid="product-stock"
          data-stock-state={product.stock.status}
        >
          {regularStockText[product.stock.status](product.stock.left)}
        </span>
      ) : null}
    </span>
  );
}
