'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { Product } from '../../../api/api-types';
import { useApiPages, useInvalidate } from '../../../api/queries';
import { EmptyState, ErrorState, LoadingState } from '../../feedback/feedback';
import { useBrand } from '../brand-context';
import { ProductRow } from './product-row';
import styles from './products-list.module.css';
import { productRoutes } from '@server/catalog/product-schemas';

type StatusFilter = 'active' | 'archived' | 'all';
const filters: { value: StatusFilter; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'archived', label: 'Archived' },
  { value: 'all', label: 'All' },
];

export function ProductsList() {
  const { brandId, consoleBase, canEdit } = useBrand();
  const [status, setStatus] = useState<StatusFilter>('active');
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');

  useEffect(() => {
    const timer = setTimeout(() => setQ(search.trim()), 300);
    return () => clearTimeout(timer);
  }, [search]);

  const list = useApiPages(productRoutes.list, {
    params: { brandId },
    query: { limit: 20, status, q: q || undefined },
  });

  const invalidate = useInvalidate();
  function handleChanged(product: Product) {
    // Archiving moves a product between the filters' lists: every cached catalog answer is stale.
    void invalidate('Catalog');
    const stillMatches = status === 'all' || (status === 'archived') === (product.archivedAt !== null);
    if (stillMatches) list.replaceItem(product, (entry) => entry.id === product.id);
    else void list.reload();
  }

  return (
    <>
      <div className="page-header">
        <h1>Products</h1>
        {canEdit ? (
          <Link className="button button-primary" href={`${consoleBase}/products/new`} data-testid="new-product">
            New product
          </Link>
        ) : null}
      </div>
      <div className={styles.toolbar}>
        <div className={styles.segmented} role="group" aria-label="Show products">
          {filters.map((filter) => (
            <button
              key={filter.value}
              type="button"
              className={styles.segment}
              aria-pressed={status === filter.value}
              onClick={() => setStatus(filter.value)}
              data-testid={`filter-${filter.value}`}
            >
              {filter.label}
            </button>
          ))}
        </div>
        <label className={styles.search}>
          <span className="visually-hidden">Search products</span>
          <input
            className="input"
            type="search"
            placeholder="Search products"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            data-testid="product-search"
          />
        </label>
      </div>
      {list.loading && list.items.length === 0 ? (
        <LoadingState label="Loading products…" />
      ) : list.error && list.items.length === 0 ? (
        <ErrorState message={`Could not load products: ${list.error.message}`} onRetry={list.reload} />
      ) : list.items.length === 0 ? (
        <EmptyState
          title={q ? `No products match “${q}”` : status === 'archived' ? 'No archived products' : 'No products yet'}
          action={
            canEdit && !q && status !== 'archived' ? (
              <Link className="button button-primary" href={`${consoleBase}/products/new`}>
                Create your first product
              </Link>
            ) : undefined
          }
        />
      ) : (
        <>
          <ul className={styles.list} data-testid="products-list" aria-busy={list.loading}>
            {list.items.map((product) => (
              <ProductRow key={product.id} product={product} onChanged={handleChanged} />
            ))}
          </ul>
          {list.error ? <p role="alert">{list.error.message}</p> : null}
          {list.hasMore ? (
            <div className={styles.more}>
              <button
                type="button"
                className="button"
                onClick={list.loadMore}
                disabled={list.loadingMore}
                data-testid="load-more"
              >
                {list.loadingMore ? 'Loading…' : 'Load more'}
              </button>
            </div>
          ) : null}
        </>
      )}
    </>
  );
}
