'use client';

import { useEffect, useState } from 'react';
import { call } from '../../../api/api-client';
import type { ShowProduct } from '../../../api/api-types';
import { useApiQuery } from '../../../api/queries';
import { formatMoney } from '../../../format/money';
import { Field } from '../../forms/field';
import { useBrand } from '../brand-context';
import { FlashSaleForm } from './flash-sale-form';
import { showRoutes } from '@server/shows/show-schemas';
import { productRoutes } from '@server/catalog/product-schemas';

/** Picks an active product not yet in the show and attaches it with optional flash-sale settings. */
export function AttachProduct({
  showId,
  attachedIds,
  onAttached,
}: {
  showId: string;
  attachedIds: string[];
  onAttached: (row: ShowProduct) => void;
}) {
  const { brandId } = useBrand();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [productId, setProductId] = useState('');
  const [formKey, setFormKey] = useState(0);

  useEffect(() => {
    const timer = setTimeout(() => setQ(search.trim()), 300);
    return () => clearTimeout(timer);
  }, [search]);

  const products = useApiQuery(productRoutes.list, {
    params: { brandId },
    query: { status: 'active', limit: 50, q: q || undefined },
  });
  const choices = products.data?.items.filter((product) => !attachedIds.includes(product.id)) ?? [];
  const selected = choices.find((product) => product.id === productId);

  return (
    <div className="card stack" data-testid="attach-product">
      <h3>Attach a product</h3>
      <FlashSaleForm
        key={formKey}
        currency={selected?.currency ?? 'usd'}
        productId={productId}
        submitLabel="Attach product"
        productPicker={(error) => (
          <div className="form-grid two-columns">
            <Field label="Find a product" name="productSearch">
              {(control) => (
                <input
                  {...control}
                  className="input"
                  type="search"
                  placeholder="Title"
                  value={search}
                  onChange={(event) => setSearch(event.target.value)}
                />
              )}
            </Field>
            <Field label="Product" name="productId" error={error}>
              {(control) => (
                <select
                  {...control}
                  className="select"
                  value={productId}
                  onChange={(event) => setProductId(event.target.value)}
                  data-testid="attach-product-select"
                >
                  <option value="">
                    {products.loading
                      ? 'Loading products…'
                      : choices.length
                        ? 'Choose a product'
                        : 'No products to attach'}
                  </option>
                  {choices.map((product) => (
                    <option key={product.id} value={product.id}>
                      {product.title} · {formatMoney(product.priceMinor, product.currency)} · {product.stock} in stock
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        )}
        onSubmit={async (body) => {
          const row = await call(showRoutes.attachProduct, {
            params: { brandId, showId },
            body: { ...body, productId: body.productId ?? productId },
          });
          onAttached(row);
          setProductId('');
          setFormKey((key) => key + 1);
        }}
      />
    </div>
  );
}
