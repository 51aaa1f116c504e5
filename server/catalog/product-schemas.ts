import { z } from 'zod';
import { storageKeyPattern } from '../storage/file-storage';
import { entityId, textField } from '../fields/text-fields';
import { defineRoute, isoDateTime, pageSchema } from '../http/route-schemas';

const productFields = z.object({
  title: textField({ max: 120, required: true, requiredMessage: 'enter a title' }),
  description: textField({ max: 5000, multiline: true }),
  priceMinor: z.number({ message: 'enter a price' }).int('price must be in whole minor units').min(0).max(100_000_000),
  currency: z
    .string()
    .regex(/^[a-zA-Z]{3}$/, 'use a 3-letter currency code')
    .transform((c) => c.toLowerCase()),
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

// ---- Answers and routes (server/http/route-schemas.ts) ----

export const productSchema = z.object({
  id: z.string(),
  brandId: z.string(),
  title: z.string(),
  description: z.string(),
  priceMinor: z.number().int(),
  currency: z.string(),
  stock: z.number().int(),
  category: z.string(),
  imageKeys: z.array(z.string()),
  imageUrls: z.array(z.string()),
  archivedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Product = z.infer<typeof productSchema>;

const brandParams = z.object({ brandId: entityId });
const productParams = brandParams.extend({ productId: entityId });
const tags = ['Catalog'] as const;
const archive = (action: 'archive' | 'unarchive') =>
  defineRoute({
    method: 'POST',
    path: `/api/brands/:brandId/products/:productId/${action}`,
    summary: action === 'archive' ? 'Archive a product' : 'Bring an archived product back',
    tags,
    auth: 'staff',
    roles: ['ADMIN'],
    params: productParams,
    response: productSchema,
  });

export const productRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/products',
    summary: "A page of the brand's products",
    tags,
    auth: 'staff',
    params: brandParams,
    query: productListQuerySchema,
    response: pageSchema(productSchema),
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/products',
    summary: 'Create a product',
    tags,
    auth: 'staff',
    roles: ['ADMIN'],
    params: brandParams,
    body: productInputSchema,
    status: 201,
    response: productSchema,
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/products/:productId',
    summary: 'One product',
    tags,
    auth: 'staff',
    params: productParams,
    response: productSchema,
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/brands/:brandId/products/:productId',
    summary: 'Change the fields named in the body',
    tags,
    auth: 'staff',
    roles: ['ADMIN'],
    params: productParams,
    body: productPatchSchema,
    response: productSchema,
  }),
  archive: archive('archive'),
  unarchive: archive('unarchive'),
};
