'use client';

import { showProductCreateSchema, showProductPatchSchema } from '@server/shows/show-schemas';
import { useState } from 'react';
import type { ShowProduct } from '../../../api/api-types';
import { isoToLocalInput, localInputToIso } from '../../../format/date-time';
import { minorToInput, parseMoneyToMinor } from '../../../format/money';
import { Alert } from '../../feedback/feedback';
import { Field } from '../../forms/field';
import { useFormErrors } from '../../forms/use-form-errors';
import type { BodyOf } from '@server/http/route-schemas';
import type { showRoutes } from '@server/shows/show-schemas';

/** The flash-sale plan's part of a show product's PATCH body (its route's zod schema). */
export type FlashSaleBody = Required<
  Pick<
    BodyOf<typeof showRoutes.updateProduct>,
    'flashPriceMinor' | 'flashQuantity' | 'flashStartsAt' | 'flashEndsAt' | 'perBuyerLimit'
  >
>;

const wholeOrNull = (text: string) =>
  text.trim() === '' ? null : /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;

/**
 * Flash-sale settings of one show product (all optional). Used to attach a product (`productPicker`
 * supplies the product) and to edit an attached one.
 */
export function FlashSaleForm({
  existing,
  currency,
  productPicker,
  productId,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  existing?: ShowProduct;
  currency: string;
  productPicker?: (error: string | undefined) => React.ReactNode;
  productId?: string;
  submitLabel: string;
  onSubmit: (body: FlashSaleBody & { productId?: string }) => Promise<void>;
  onCancel?: () => void;
}) {
  const [price, setPrice] = useState(
    existing?.flashPriceMinor != null ? minorToInput(existing.flashPriceMinor, currency) : '',
  );
  const [quantity, setQuantity] = useState(existing?.flashQuantity?.toString() ?? '');
  const [startsAt, setStartsAt] = useState(isoToLocalInput(existing?.flashStartsAt));
  const [endsAt, setEndsAt] = useState(isoToLocalInput(existing?.flashEndsAt));
  const [limit, setLimit] = useState(existing?.perBuyerLimit?.toString() ?? '');
  const [submitting, setSubmitting] = useState(false);
  const { errors, clear, fromZod, fromServer, fromFields, setField } = useFormErrors();

  const fields: {
    name: keyof FlashSaleBody;
    label: string;
    hint: string;
    value: string;
    set: (value: string) => void;
    type?: 'datetime-local';
    inputMode?: 'decimal' | 'numeric';
  }[] = [
    {
      name: 'flashPriceMinor',
      label: 'Flash price',
      hint: 'Optional, e.g. 9.99',
      value: price,
      set: setPrice,
      inputMode: 'decimal',
    },
    {
      name: 'flashQuantity',
      label: 'Flash quantity',
      hint: 'Units at the flash price',
      value: quantity,
      set: setQuantity,
      inputMode: 'numeric',
    },
    {
      name: 'flashStartsAt',
      label: 'Sale starts',
      hint: 'Optional, your local time',
      value: startsAt,
      set: setStartsAt,
      type: 'datetime-local',
    },
    {
      name: 'flashEndsAt',
      label: 'Sale ends',
      hint: 'Optional, after the start',
      value: endsAt,
      set: setEndsAt,
      type: 'datetime-local',
    },
    {
      name: 'perBuyerLimit',
      label: 'Limit per buyer',
      hint: 'Optional, 1-100',
      value: limit,
      set: setLimit,
      inputMode: 'numeric',
    },
  ];

  async function handleSubmit(event: React.FormEvent) {
    event.preventDefault();
    const body: FlashSaleBody & { productId?: string } = {
      flashPriceMinor: price.trim() === '' ? null : (parseMoneyToMinor(price, currency) ?? Number.NaN),
      flashQuantity: wholeOrNull(quantity),
      flashStartsAt: localInputToIso(startsAt),
      flashEndsAt: localInputToIso(endsAt),
      perBuyerLimit: wholeOrNull(limit),
    };
    if (!existing) {
      if (!productId) return fromFields({ productId: 'choose a product' });
      body.productId = productId;
    }
    const parsed = existing ? showProductPatchSchema.safeParse(body) : showProductCreateSchema.safeParse(body);
    if (!parsed.success) return fromZod(parsed.error);
    clear();
    setSubmitting(true);
    try {
      await onSubmit(body);
    } catch (error) {
      fromServer(error);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <form onSubmit={handleSubmit} noValidate className="stack" data-testid="flash-sale-form">
      <Alert testId="form-error">{errors.form}</Alert>
      <div className="form-grid two-columns">
        {productPicker ? <div className="span-all">{productPicker(errors.fields.productId)}</div> : null}
        {fields.map((field) => (
          <Field
            key={field.name}
            label={field.label}
            name={field.name}
            error={errors.fields[field.name]}
            hint={field.hint}
          >
            {(control) => (
              <input
                {...control}
                className="input"
                type={field.type ?? 'text'}
                inputMode={field.inputMode}
                value={field.value}
                onChange={(event) => {
                  field.set(event.target.value);
                  setField(field.name, null);
                }}
              />
            )}
          </Field>
        ))}
      </div>
      <div className="row">
        <button type="submit" className="button button-primary" disabled={submitting} data-testid="flash-sale-submit">
          {submitting ? 'Saving…' : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
