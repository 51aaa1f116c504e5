'use client';

import type { ShowProduct } from '../../../api/api-types';
import { useApiQuery } from '../../../api/queries';
import { EmptyState, ErrorState, LoadingState } from '../../feedback/feedback';
import { useBrand } from '../brand-context';
import { AttachProduct } from './attach-product';
import { ShowProductItem } from './show-product-item';
import styles from './show-products-panel.module.css';
import { showRoutes } from '@server/shows/show-schemas';

/** Products attached to a show, with flash-sale settings; admins attach, edit and detach. */
export function ShowProductsPanel({ showId, editable }: { showId: string; editable: boolean }) {
  const { brandId } = useBrand();
  const resource = useApiQuery(showRoutes.listProducts, { params: { brandId, showId } });
  const items = resource.data?.items ?? [];
  const update = (next: ShowProduct[]) => resource.setData({ items: next });

  return (
    <section className="card stack" aria-labelledby="show-products-title" data-testid="show-products">
      <h2 id="show-products-title">Products in this show</h2>
      {resource.loading && !resource.data ? (
        <LoadingState label="Loading products…" />
      ) : resource.error && !resource.data ? (
        <ErrorState message="Could not load the show's products." onRetry={resource.reload} />
      ) : items.length === 0 ? (
        <EmptyState title="No products attached yet">
          {editable
            ? 'Attach products below so viewers can buy them during the show.'
            : 'An admin can attach products.'}
        </EmptyState>
      ) : (
        <ul className={styles.list}>
          {items.map((row) => (
            <ShowProductItem
              key={row.id}
              row={row}
              editable={editable}
              onChanged={(changed) => update(items.map((entry) => (entry.id === changed.id ? changed : entry)))}
              onRemoved={(id) => update(items.filter((entry) => entry.id !== id))}
            />
          ))}
        </ul>
      )}
      {editable && resource.data ? (
        <AttachProduct
          showId={showId}
          attachedIds={items.map((row) => row.productId)}
          onAttached={(row) => update([...items, row])}
        />
      ) : null}
    </section>
  );
}
