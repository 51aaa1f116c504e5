import { z } from 'zod';
import { storageKeyPattern } from '../storage/file-storage';
import { entityId, textField } from '../fields/text-fields';
import { productSchema } from '../catalog/product-schemas';
import { defineRoute, isoDateTime, listSchema, pageSchema } from '../http/route-schemas';

const isoDate = z.iso
  .datetime({ offset: true, message: 'use an ISO date and time' })
  .transform((value) => new Date(value));

const showFields = z.object({
  title: textField({ max: 120, required: true, requiredMessage: 'enter a title' }),
  description: textField({ max: 5000, multiline: true }),
  scheduledStartAt: isoDate,
  hostId: entityId.nullable(),
  coverImageKey: z.string().regex(storageKeyPattern, 'unknown image').nullable(),
  chatRequiresSignIn: z.boolean(),
});

export const showCreateSchema = showFields.extend({
  description: showFields.shape.description.default(''),
  hostId: showFields.shape.hostId.optional(),
  coverImageKey: showFields.shape.coverImageKey.optional(),
  chatRequiresSignIn: showFields.shape.chatRequiresSignIn.default(true),
});
export type ShowCreateInput = z.infer<typeof showCreateSchema>;

export const showPatchSchema = showFields.partial().strict();
export type ShowPatchInput = z.infer<typeof showPatchSchema>;

export const showListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: entityId.optional(),
});

const money = z.number().int('use whole minor units').min(0).max(100_000_000);

const showProductFields = z.object({
  position: z.number().int().min(0).max(1000),
  flashPriceMinor: money.nullable(),
  flashQuantity: z.number().int().min(1).max(1_000_000).nullable(),
  flashStartsAt: isoDate.nullable(),
  flashEndsAt: isoDate.nullable(),
  perBuyerLimit: z.number().int().min(1).max(100).nullable(),
});

const windowIsOrdered = (value: { flashStartsAt?: Date | null; flashEndsAt?: Date | null }) =>
  !value.flashStartsAt || !value.flashEndsAt || value.flashStartsAt < value.flashEndsAt;
const windowMessage = { message: 'the sale must end after it starts', path: ['flashEndsAt'] };

export const showProductCreateSchema = showProductFields
  .partial()
  .extend({ productId: entityId })
  .strict()
  .refine(windowIsOrdered, windowMessage);
export const showProductPatchSchema = showProductFields.partial().strict().refine(windowIsOrdered, windowMessage);
export type ShowProductPatchInput = z.infer<typeof showProductPatchSchema>;

// ---- Answers and routes (server/http/route-schemas.ts) ----

export const showStatuses = ['SCHEDULED', 'LIVE', 'ENDED', 'CANCELLED'] as const;
export const showStatusSchema = z.enum(showStatuses);
export type ShowStatus = z.infer<typeof showStatusSchema>;

/** The console's view of a show (server/shows/show-view.ts). */
export const showSchema = z.object({
  id: z.string(),
  brandId: z.string(),
  title: z.string(),
  description: z.string(),
  coverImageKey: z.string().nullable(),
  coverUrl: z.string().nullable(),
  scheduledStartAt: isoDateTime,
  status: showStatusSchema,
  hostId: z.string().nullable(),
  hostName: z.string().nullable(),
  startedAt: isoDateTime.nullable(),
  endedAt: isoDateTime.nullable(),
  chatRequiresSignIn: z.boolean(),
  slowModeSeconds: z.number().int(),
  peakViewers: z.number().int(),
  totalViewers: z.number().int(),
  streamKeyRotatedAt: isoDateTime,
  publicUrl: z.string(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Show = z.infer<typeof showSchema>;

export const showProductSchema = z.object({
  id: z.string(),
  showId: z.string(),
  productId: z.string(),
  position: z.number().int(),
  pinned: z.boolean(),
  flashPriceMinor: z.number().int().nullable(),
  flashQuantity: z.number().int().nullable(),
  flashStartsAt: isoDateTime.nullable(),
  flashEndsAt: isoDateTime.nullable(),
  perBuyerLimit: z.number().int().nullable(),
  createdAt: isoDateTime,
  product: productSchema,
});
export type ShowProduct = z.infer<typeof showProductSchema>;

export const publicStockSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('in_stock'), left: z.null() }),
  z.object({ status: z.literal('low'), left: z.number().int() }),
  z.object({ status: z.literal('sold_out'), left: z.literal(0) }),
]);

/** What anyone may see of a show (server/shows/show-view.ts toPublicShowView). */
export const publicShowSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  coverUrl: z.string().nullable(),
  scheduledStartAt: isoDateTime,
  status: showStatusSchema,
  startedAt: isoDateTime.nullable(),
  endedAt: isoDateTime.nullable(),
  hlsUrl: z.string().nullable(),
  replayUrl: z.string().nullable(),
  brandName: z.string(),
  brandId: z.string(),
  chatRequiresSignIn: z.boolean(),
});
export type PublicShow = z.infer<typeof publicShowSchema>;

export const publicShowProductSchema = z.object({
  showProductId: z.string(),
  productId: z.string(),
  title: z.string(),
  description: z.string(),
  priceMinor: z.number().int(),
  currency: z.string(),
  category: z.string(),
  imageUrls: z.array(z.string()),
  pinned: z.boolean(),
  flashPriceMinor: z.number().int().nullable(),
  flashQuantity: z.number().int().nullable(),
  perBuyerLimit: z.number().int().nullable(),
  /** Normal-price stock (a running flash sale has its own allocation, sent with the sale). */
  stock: publicStockSchema,
});
export type PublicShowProduct = z.infer<typeof publicShowProductSchema>;

export const publicShowDetailSchema = z.object({
  show: publicShowSchema,
  brand: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
  products: z.array(publicShowProductSchema),
});
export type PublicShowDetail = z.infer<typeof publicShowDetailSchema>;

export const publicShowListQuerySchema = z.object({
  status: z.enum(['upcoming', 'live', 'ended']).default('upcoming'),
});

const brandParams = z.object({ brandId: entityId });
const showParams = brandParams.extend({ showId: entityId });
const showProductParams = showParams.extend({ showProductId: entityId });
const tags = ['Shows'] as const;
const admin = ['ADMIN'] as const;

export const showRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/shows',
    summary: "A page of the brand's shows",
    tags,
    auth: 'staff',
    params: brandParams,
    query: showListQuerySchema,
    response: pageSchema(showSchema),
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/shows',
    summary: 'Schedule a show; the stream key is shown once',
    tags,
    auth: 'staff',
    roles: admin,
    params: brandParams,
    body: showCreateSchema,
    status: 201,
    response: z.object({ show: showSchema, streamKey: z.string() }),
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/shows/:showId',
    summary: 'One show',
    tags,
    auth: 'staff',
    params: showParams,
    response: showSchema,
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/brands/:brandId/shows/:showId',
    summary: 'Change the fields named in the body',
    tags,
    auth: 'staff',
    roles: admin,
    params: showParams,
    body: showPatchSchema,
    response: showSchema,
    errors: ['SHOW_NOT_EDITABLE'],
  }),
  cancel: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/shows/:showId/cancel',
    summary: 'Cancel a scheduled show',
    tags,
    auth: 'staff',
    roles: admin,
    params: showParams,
    response: showSchema,
    errors: ['SHOW_NOT_EDITABLE'],
  }),
  rotateStreamKey: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/shows/:showId/stream-key',
    summary: 'Replace the stream key; the new one is shown once',
    tags,
    auth: 'staff',
    roles: admin,
    params: showParams,
    response: z.object({ streamKey: z.string() }),
  }),
  studioToken: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/shows/:showId/studio-token',
    summary: "A short-lived token for the browser studio's WHIP session",
    tags,
    auth: 'staff',
    roles: ['ADMIN', 'HOST'],
    params: showParams,
    response: z.object({ token: z.string(), expiresAt: isoDateTime, whipUrl: z.string() }),
  }),
  listProducts: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/shows/:showId/products',
    summary: "The show's products in order",
    tags,
    auth: 'staff',
    params: showParams,
    response: listSchema(showProductSchema),
  }),
  attachProduct: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/shows/:showId/products',
    summary: 'Add a product to the show',
    tags,
    auth: 'staff',
    roles: admin,
    params: showParams,
    body: showProductCreateSchema,
    status: 201,
    response: showProductSchema,
    errors: ['CONFLICT'],
  }),
  updateProduct: defineRoute({
    method: 'PATCH',
    path: '/api/brands/:brandId/shows/:showId/products/:showProductId',
    summary: "Change a show product's position, pin or flash-sale plan",
    tags,
    auth: 'staff',
    roles: admin,
    params: showProductParams,
    body: showProductPatchSchema,
    response: showProductSchema,
  }),
  detachProduct: defineRoute({
    method: 'DELETE',
    path: '/api/brands/:brandId/shows/:showId/products/:showProductId',
    summary: 'Take a product off the show',
    tags,
    auth: 'staff',
    roles: admin,
    params: showProductParams,
    response: null,
  }),
  publicList: defineRoute({
    method: 'GET',
    path: '/api/public/shows',
    summary: 'Upcoming, live or ended shows',
    tags: ['Public shows'],
    auth: 'public',
    query: publicShowListQuerySchema,
    response: listSchema(publicShowSchema),
  }),
  publicGet: defineRoute({
    method: 'GET',
    path: '/api/public/shows/:showId',
    summary: 'A show page: the show, its brand and its products',
    tags: ['Public shows'],
    auth: 'public',
    params: z.object({ showId: entityId }),
    response: publicShowDetailSchema,
  }),
};
