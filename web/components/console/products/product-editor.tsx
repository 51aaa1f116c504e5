'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { call, errorMessage } from '../../../api/api-client';
import { useApiQuery } from '../../../api/queries';
import { formatDateTime } from '../../../format/date-time';
import { Alert, ErrorState, LoadingState } from '../../feedback/feedback';
import { useBrand } from '../brand-context';
import { ProductForm } from './product-form';
import { productRoutes } from '@server/catalog/product-schemas';

export function NewProduct() {
  const { consoleBase } = useBrand();
  const router = useRouter();
  return (
    <>
      <Link href={`${consoleBase}/products`}>← Products</Link>
      <h1 style={{ marginTop: 'var(--space-3)' }}>New product</h1>
      <ProductForm onSaved={() => router.push(`${consoleBase}/products`)} />
    </>
  );
}

export function EditProduct({ productId }: { productId: string }) {
  const { brandId, consoleBase, canEdit } = useBrand();
  const resource = useApiQuery(productRoutes.get, { params: { brandId, productId } });
  const [archiveError, setArchiveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const product = resource.data;

  async function toggleArchive() {
    if (!product) return;
    setBusy(true);
    setArchiveError(null);
    try {
      const action = product.archivedAt ? 'unarchive' : 'archive';
      resource.setData(
        await call(productRoutes[action], { params: { brandId: product.brandId, productId: product.id } }),
      );
    } catch (error) {
      setArchiveError(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Link href={`${consoleBase}/products`}>← Products</Link>
      {resource.loading && !product ? (
        <LoadingState label="Loading product…" />
      ) : !product ? (
        <ErrorState
          message={resource.error?.status === 404 ? 'This product does not exist.' : 'Could not load this product.'}
          onRetry={resource.error?.status === 404 ? undefined : resource.reload}
        />
      ) : (
        <>
          <div className="page-header" style={{ marginTop: 'var(--space-3)' }}>
            <h1>{product.title}</h1>
            {canEdit ? (
              <button
                type="button"
                className={`button ${product.archivedAt ? '' : 'button-danger'}`}
                onClick={toggleArchive}
                disabled={busy}
              >
                {product.archivedAt ? 'Unarchive' : 'Archive'}
              </button>
            ) : null}
          </div>
          {product.archivedAt ? (
            <Alert tone="info">Archived on {formatDateTime(product.archivedAt)}. Viewers no longer see it.</Alert>
          ) : null}
          <Alert>{archiveError}</Alert>
          <ProductForm key={product.id} product={product} onSaved={resource.setData} />
        </>
      )}
    </>
  );
}
