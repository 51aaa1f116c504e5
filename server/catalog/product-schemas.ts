import { z } from 'zod';
import { storageKeyPattern } from '../storage/file-storage';
import { entityId, textField } from '../fields/text-fields';

const productFields = z.object({
  title: textField({ max: 120, required: true, requiredMessage: 'enter a title' }),
  description: textField({ max: 5000, multiline: true }),
  priceMinor: z.number({ message: 'enter a price' }).int('price must be in whole minor units').min(0).max(100_000_000),
  currency: z.string().regex(/^[a-zA-Z]{3}$/, 'use a 3-letter currency code').transform((c) => c.toLowerCase()),
  stock: z.number({ message: 'enter the stock' }).int('stock must be a whole number').min(0).max(10_000_000),
  category: textField({ max: 60 }),
  imageKeys: z.array(z.string().regex(storageKeyPattern, 'unknown image')).max(8, 'at most 8 images'),
});

export const productInputSchema = productFields.extend({
  description: productFields.shape.description.default(''),
  currency: productFields.shape.currency.default('usd'),
  category: productFields.shape.category.default(''),
  imageKeys: productFields.shape.imageKeys.default([]),
});
export type ProductInput = z.infer<typeof productInputSchema>;

// No defaults here: a PATCH changes only the fields it names.
export const productPatchSchema = productFields.partial().strict();

export const productListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: entityId.optional(),
  status: z.enum(['active', 'archived', 'all']).default('active'),
  q: textField({ max: 120 }).optional(),
});
