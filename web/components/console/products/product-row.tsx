'use client';

import Link from 'next/link';
import { useState } from 'react';
import { call, errorMessage } from '../../../api/api-client';
import type { Product } from '../../../api/api-types';
import { formatMoney } from '../../../format/money';
import { useBrand } from '../brand-context';
import styles from './products-list.module.css';
import { productRoutes } from '@server/catalog/product-schemas';

export function ProductRow({ product, onChanged }: { product: Product; onChanged: (product: Product) => void }) {
  const { consoleBase, canEdit } = useBrand();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const archived = product.archivedAt !== null;

  async function toggleArchive() {
    setBusy(true);
    setError(null);
    try {
      const action = archived ? 'unarchive' : 'archive';
      onChanged(await call(productRoutes[action], { params: { brandId: product.brandId, productId: product.id } }));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className={`card ${styles.item}`} data-testid="product-row" data-product-id={product.id}>
      {product.imageUrls[0] ? (
        <img className={styles.thumb} src={product.imageUrls[0]} alt="" loading="lazy" />
      ) : (
        <div className={styles.thumb} aria-hidden="true" />
      )}
      <div className={styles.info}>
        <Link className={styles.title} href={`${consoleBase}/products/${product.id}`}>
          {product.title}
        </Link>
        <div className={styles.meta}>
          <span>{formatMoney(product.priceMinor, product.currency)}</span>
          <span>{product.stock} in stock</span>
          {product.category ? <span>{product.category}</span> : null}
          {archived ? <span className="badge">Archived</span> : null}
        </div>
        {error ? (
          <p role="alert" className="muted" style={{ color: 'var(--color-danger)', margin: 0 }}>
            {error}
          </p>
        ) : null}
      </div>
      <div className={styles.actions}>
        <Link className="button button-small" href={`${consoleBase}/products/${product.id}`}>
          {canEdit ? 'Edit' : 'View'}
        </Link>
        {canEdit ? (
          <button
            type="button"
            className={`button button-small ${archived ? '' : 'button-danger'}`}
            onClick={toggleArchive}
            disabled={busy}
            data-testid={archived ? 'unarchive-product' : 'archive-product'}
          >
            {archived ? 'Unarchive' : 'Archive'}
          </button>
        ) : null}
      </div>
    </li>
  );
}
