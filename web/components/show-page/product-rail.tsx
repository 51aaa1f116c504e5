'use client';

import { useEffect } from 'react';
import Link from 'next/link';
import type { PublicShowProduct } from '../../api/api-types';
import { EmptyState } from '../feedback/feedback';
import { useOptionalShowRoomLive } from '../show-room/show-room-live';
import { ProductPrice } from './product-price';
import { useShowRoom } from './show-room-context';
import styles from './product-rail.module.css';
import { useRunningSale } from './use-running-sale';

export function ProductCard({
  product,
  action,
  onOpen,
}: {
  product: PublicShowProduct;
  action?: React.ReactNode;
  /** Opens the product's details (over the show, which keeps playing in the mini-player). */
  onOpen?: (product: PublicShowProduct) => void;
}) {
  const flash = product.flashPriceMinor !== null;
  const running = useRunningSale(product.showProductId);
  // Show analytics (server/analytics): the card was on screen in the joined room, and taps on it.
  const live = useOptionalShowRoomLive();
  const track = (kind: 'card_seen' | 'card_tapped') =>
    live?.socket?.emit('analytics:track', { kind, productId: product.productId });
  const joined = live?.joined ?? false;
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per card per joined room, not per render
  useEffect(() => {
    if (joined) track('card_seen');
  }, [joined, product.productId]);
  const brandId = useShowRoom().brand.id;
  return (
    <article
      onClickCapture={() => track('card_tapped')}
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
      {!product.pinned && running ? <span className={`badge badge-live ${styles.badge}`}>Flash deal</span> : null}
      {!product.pinned && !running && flash ? (
        <span className={`badge badge-scheduled ${styles.badge}`}>Deal soon</span>
      ) : null}
      <div className={styles.body}>
        {onOpen ? (
          <button
            type="button"
            className={styles.titleButton}
            onClick={() => onOpen(product)}
            data-testid="product-details-open"
          >
            {product.title}
          </button>
        ) : (
          <p className={styles.title}>{product.title}</p>
        )}
        <div className={styles.prices}>
          <ProductPrice product={product} />
        </div>
        {flash && !running && product.flashQuantity !== null ? (
          <span className={styles.note}>
            {product.flashQuantity} at the deal price
            {product.perBuyerLimit ? ` · max ${product.perBuyerLimit} each` : ''}
          </span>
        ) : null}
        {action ? <div className={styles.action}>{action}</div> : null}
        <Link
          className={styles.boutiqueLink}
          href={`/book/${encodeURIComponent(brandId)}?type=PRIVATE_VIEWING&productId=${encodeURIComponent(product.productId)}`}
          data-testid="try-in-boutique"
        >
          Try it in the boutique
        </Link>
      </div>
    </article>
  );
}

/**
 * The show's products, pinned first. `renderAction` adds a control per product (the commerce
 * helper's buy button); without it the cards are read-only.
 */
export function ProductRail({
  renderAction,
  onOpen,
}: {
  renderAction?: (product: PublicShowProduct) => React.ReactNode;
  onOpen?: (product: PublicShowProduct) => void;
}) {
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
            <ProductCard
              key={product.showProductId}
              product={product}
              action={renderAction?.(product)}
              onOpen={onOpen}
            />
          ))}
        </div>
      )}
    </section>
  );
}
