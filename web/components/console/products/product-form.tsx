'use client';

import { useState } from 'react';
import { call } from '../../../api/api-client';
import type { Product } from '../../../api/api-types';
import { minorToInput } from '../../../format/money';
import { Alert } from '../../feedback/feedback';
import { Field } from '../../forms/field';
import { useFormErrors } from '../../forms/use-form-errors';
import { useBrand } from '../brand-context';
import { ImageUploader, type UploadedImage } from './image-uploader';
import { parseProductForm, type ProductFormValues } from './product-form-schema';
import { productRoutes } from '@server/catalog/product-schemas';
import { useInvalidate } from '../../../api/queries';

function initialValues(product?: Product): ProductFormValues {
  return {
    title: product?.title ?? '',
    description: product?.description ?? '',
    price: product ? minorToInput(product.priceMinor, product.currency) : '',
    currency: product?.currency ?? 'usd',
    stock: product ? String(product.stock) : '0',
    category: product?.category ?? '',
  };
}

function initialImages(product?: Product): UploadedImage[] {
  if (!product) return [];
  return product.imageKeys.map((key, index) => ({ key, url: product.imageUrls[index] ?? `/uploads/${key}` }));
}

/** Create (no `product`) or edit a product. Read-only for staff who cannot edit. */
export function ProductForm({ product, onSaved }: { product?: Product; onSaved: (product: Product) => void }) {
  const { brandId, canEdit } = useBrand();
  const invalidate = useInvalidate();
  const [values, setValues] = useState(() => initialValues(product));
  const [images, setImages] = useState(() => initialImages(product));
  const [submitting, setSubmitting] = useState(false);
  const [saved, setSaved] = useState(false);
  const [uploading, setUploading] = useState(false);
  const { errors, clear, fromZod, fromServer, setField } = useFormErrors();

  const set = (name: keyof ProductFormValues) => (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    setValues((current) => ({ ...current, [name]: event.target.value }));
    setField(name === 'price' ? 'priceMinor' : name, null);
    setSaved(false);
  };

  async function handleSubmit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = parseProductForm(
      values,
      images.map((image) => image.key),
    );
    if (!parsed.success) return fromZod(parsed.error);
    clear();
    setSubmitting(true);
    try {
      const result = product
        ? await call(productRoutes.update, { params: { brandId, productId: product.id }, body: parsed.data })
        : await call(productRoutes.create, { params: { brandId }, body: parsed.data });
      setSaved(true);
      void invalidate('Catalog');
      onSaved(result);
    } catch (error) {
      fromServer(error);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <form onSubmit={handleSubmit} noValidate className="card stack" data-testid="product-form">
      <Alert testId="form-error">{errors.form}</Alert>
      {saved && product ? <Alert tone="success">Changes saved.</Alert> : null}
      <fieldset disabled={!canEdit} className="form-grid two-columns" style={{ border: 0, padding: 0, margin: 0 }}>
        <Field label="Title" name="title" error={errors.fields.title} className="span-all">
          {(control) => (
            <input {...control} className="input" value={values.title} onChange={set('title')} maxLength={200} />
          )}
        </Field>
        <Field label="Description" name="description" error={errors.fields.description} className="span-all">
          {(control) => (
            <textarea {...control} className="textarea" value={values.description} onChange={set('description')} />
          )}
        </Field>
        <Field label="Price" name="priceMinor" error={errors.fields.priceMinor} hint="For example 19.99">
          {(control) => (
            <input {...control} className="input" inputMode="decimal" value={values.price} onChange={set('price')} />
          )}
        </Field>
        <Field label="Currency" name="currency" error={errors.fields.currency} hint="3-letter code, e.g. usd or eur">
          {(control) => (
            <input {...control} className="input" value={values.currency} onChange={set('currency')} maxLength={3} />
          )}
        </Field>
        <Field label="Stock" name="stock" error={errors.fields.stock}>
          {(control) => (
            <input {...control} className="input" inputMode="numeric" value={values.stock} onChange={set('stock')} />
          )}
        </Field>
        <Field label="Category" name="category" error={errors.fields.category}>
          {(control) => <input {...control} className="input" value={values.category} onChange={set('category')} />}
        </Field>
        <Field
          label="Images"
          name="imageKeys"
          error={errors.fields.imageKeys}
          hint="PNG, JPEG or WebP, up to 5 MB each, at most 8."
          className="span-all"
        >
          {(control) => (
            <ImageUploader
              inputId={control.id}
              describedBy={control['aria-describedby']}
              brandId={brandId}
              images={images}
              onChange={(next) => {
                setImages(next);
                setSaved(false);
              }}
              onError={(message) => setField('imageKeys', message)}
              disabled={!canEdit}
              onBusyChange={setUploading}
            />
          )}
        </Field>
      </fieldset>
      {canEdit ? (
        <div className="row">
          <button
            type="submit"
            className="button button-primary"
            disabled={submitting || uploading}
            data-testid="product-submit"
          >
            {uploading ? 'Uploading images…' : submitting ? 'Saving…' : product ? 'Save changes' : 'Create product'}
          </button>
        </div>
      ) : (
        <p className="muted">Only brand admins can change products.</p>
      )}
    </form>
  );
}
