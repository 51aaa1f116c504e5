'use client';

import { useState } from 'react';
import { call } from '../../../api/api-client';
import type { ShowProduct } from '../../../api/api-types';
import { formatDateTime } from '../../../format/date-time';
import { formatMoney } from '../../../format/money';
import { useBrand } from '../brand-context';
import { ConfirmButton } from '../confirm-button';
import { FlashSaleForm } from './flash-sale-form';
import styles from './show-products-panel.module.css';
import { showRoutes } from '@server/shows/show-schemas';

export function ShowProductItem({
  row,
  editable,
  onChanged,
  onRemoved,
}: {
  row: ShowProduct;
  editable: boolean;
  onChanged: (row: ShowProduct) => void;
  onRemoved: (id: string) => void;
}) {
  const { brandId } = useBrand();
  const [editing, setEditing] = useState(false);
  const { product } = row;
  const params = { brandId, showId: row.showId, showProductId: row.id };
  const hasFlash = row.flashPriceMinor !== null;

  return (
    <li className={styles.item} data-testid="show-product" data-product-id={row.productId}>
      <div className={styles.summary}>
        {product.imageUrls[0] ? (
          <img className={styles.thumb} src={product.imageUrls[0]} alt="" />
        ) : (
          <div className={styles.thumb} aria-hidden="true" />
        )}
        <div>
          <div className={styles.title}>{product.title}</div>
          <div className={styles.meta}>
            <span style={hasFlash ? { textDecoration: 'line-through' } : undefined}>
              {formatMoney(product.priceMinor, product.currency)}
            </span>
            {hasFlash ? (
              <span className={styles.flash}>Flash {formatMoney(row.flashPriceMinor!, product.currency)}</span>
            ) : null}
            {row.flashQuantity !== null ? <span>{row.flashQuantity} units</span> : null}
            {row.perBuyerLimit !== null ? <span>max {row.perBuyerLimit} per buyer</span> : null}
            {row.flashStartsAt || row.flashEndsAt ? (
              <span>
                {formatDateTime(row.flashStartsAt)} → {formatDateTime(row.flashEndsAt)}
              </span>
            ) : null}
            {row.pinned ? <span className="badge">Pinned</span> : null}
          </div>
        </div>
        {editable && !editing ? (
          <div className={styles.actions}>
            <button type="button" className="button button-small" onClick={() => setEditing(true)}>
              Flash sale
            </button>
            <ConfirmButton
              label="Remove"
              title={`Remove “${product.title}” from this show?`}
              confirmLabel="Remove"
              danger
              testId={`detach-${row.id}`}
              onConfirm={async () => {
                await call(showRoutes.detachProduct, { params });
                onRemoved(row.id);
              }}
            >
              Viewers will no longer see it in the show. The product itself stays in your catalog.
            </ConfirmButton>
          </div>
        ) : null}
      </div>
      {editing ? (
        <FlashSaleForm
          existing={row}
          currency={product.currency}
          submitLabel="Save flash sale"
          onCancel={() => setEditing(false)}
          onSubmit={async (body) => {
            onChanged(await call(showRoutes.updateProduct, { params, body }));
            setEditing(false);
          }}
        />
      ) : null}
    </li>
  );
}
