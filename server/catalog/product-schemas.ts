import { z } from 'zod';
import { storageKeyPattern } from '../storage/file-storage';

const productFields = z.object({
  title: z.string().trim().min(1, 'enter a title').max(120, 'use at most 120 characters'),
  description: z.string().max(5000, 'use at most 5000 characters'),
  priceMinor: z.number({ message: 'enter a price' }).int('price must be in whole minor units').min(0).max(100_000_000),
  currency: z.string().regex(/^[a-zA-Z]{3}$/, 'use a 3-letter currency code').transform((c) => c.toLowerCase()),
  stock: z.number({ message: 'enter the stock' }).int('stock must be a whole number').min(0).max(10_000_000),
  category: z.string().trim().max(60),
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
  cursor: z.string().max(40).optional(),
  status: z.enum(['active', 'archived', 'all']).default('active'),
  q: z.string().trim().max(120).optional(),
});
