'use client';

import type { PublicShowProduct } from '../../api/api-types';
import { formatMoney } from '../../format/money';
import { EmptyState } from '../feedback/feedback';
import { useShowRoom } from './show-room-context';
import styles from './product-rail.module.css';

export function ProductCard({ product, action }: { product: PublicShowProduct; action?: React.ReactNode }) {
  const flash = product.flashPriceMinor !== null;
  return (
    <article
      className={`${styles.card} ${product.pinned ? styles.pinned : ''}`}
      data-testid="show-product-card"
      data-show-product-id={product.showProductId}
      aria-label={product.title}
    >
      {product.imageUrls[0] ? (
        <img className={styles.image} src={product.imageUrls[0]} alt="" loading="lazy" />
      ) : (
        <div className={styles.image} aria-hidden="true" />
      )}
      {product.pinned ? <span className={`badge badge-live ${styles.badge}`}>Featured</span> : null}
      {!product.pinned && flash ? <span className={`badge badge-scheduled ${styles.badge}`}>Flash deal</span> : null}
      <div className={styles.body}>
        <p className={styles.title}>{product.title}</p>
        <div className={styles.prices}>
          {flash ? (
            <>
              <span className={styles.flashPrice}>{formatMoney(product.flashPriceMinor!, product.currency)}</span>
              <span className={styles.was}>{formatMoney(product.priceMinor, product.currency)}</span>
            </>
          ) : (
            <span className={styles.price}>{formatMoney(product.priceMinor, product.currency)}</span>
          )}
        </div>
        {flash && product.flashQuantity !== null ? (
          <span className={styles.note}>
            {product.flashQuantity} at this price{product.perBuyerLimit ? ` · max ${product.perBuyerLimit} each` : ''}
          </span>
        ) : null}
        {action ? <div className={styles.action}>{action}</div> : null}
      </div>
    </article>
  );
}

/**
 * The show's products, pinned first. `renderAction` adds a control per product (the commerce
 * helper's buy button); without it the cards are read-only.
 */
export function ProductRail({ renderAction }: { renderAction?: (product: PublicShowProduct) => React.ReactNode }) {
  const { products } = useShowRoom();
  const ordered = [...products].sort((a, b) => Number(b.pinned) - Number(a.pinned));
  return (
    <section aria-labelledby="product-rail-title" data-testid="product-rail">
      <h2 id="product-rail-title">In this show</h2>
      {ordered.length === 0 ? (
        <EmptyState title="No products yet">The brand has not added products to this show yet.</EmptyState>
      ) : (
        <div className={styles.rail}>
          {ordered.map((product) => (
            <ProductCard key={product.showProductId} product={product} action={renderAction?.(product)} />
          ))}
        </div>
      )}
    </section>
  );
}
