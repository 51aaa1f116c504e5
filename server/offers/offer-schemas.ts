// Personal offers: a private price or a percentage off some products or a category, for the customers whose tags
// match, with a code, an expiry and usage limits. web/ imports the types from here.
import { z } from 'zod';
import { entityId, textField } from '../fields/text-fields';
import { defineRoute, isoDateTime, listSchema } from '../http/route-schemas';
import { boundedSegmentFilterSchema, segmentFilterSchema } from '../segments/segment-schemas';

/** Codes are compared upper-case; letters, digits and dashes. */
export const offerCode = z
  .string()
  .trim()
  .min(4)
  .max(32)
  .regex(/^[A-Za-z0-9-]+$/, 'letters, digits and dashes')
  .transform((code) => code.toUpperCase());

export const offerInputSchema = z
  .strictObject({
    code: offerCode,
    title: textField({ max: 120, required: true }),
    kind: z.enum(['PRICE', 'PERCENT']),
    priceMinor: z.number().int().min(0).max(100_000_000).optional(),
    percentOff: z.number().int().min(1).max(90).optional(),
    productIds: z.array(entityId).max(100).default([]),
    category: textField({ max: 60 }).optional(),
    expiresAt: z.iso.datetime(),
    perCustomerLimit: z.number().int().min(1).max(100).default(1),
    totalLimit: z.number().int().min(1).max(1_000_000).optional(),
    /** Who it is for: a tag expression, as segments use. */
    audience: boundedSegmentFilterSchema,
  })
  .superRefine((offer, ctx) => {
    if (offer.kind === 'PRICE' && offer.priceMinor === undefined)
      ctx.addIssue({ code: 'custom', path: ['priceMinor'], message: 'a private price needs the price' });
    if (offer.kind === 'PERCENT' && offer.percentOff === undefined)
      ctx.addIssue({ code: 'custom', path: ['percentOff'], message: 'give the percentage off' });
    if (offer.kind === 'PRICE' && offer.productIds.length === 0)
      ctx.addIssue({ code: 'custom', path: ['productIds'], message: 'a private price is for named products' });
    if (offer.kind === 'PERCENT' && offer.productIds.length === 0 && !offer.category)
      ctx.addIssue({ code: 'custom', path: ['category'], message: 'name products or a category' });
  });
export type OfferInput = z.infer<typeof offerInputSchema>;

const offerKindSchema = z.enum(['PRICE', 'PERCENT']);

export const offerViewSchema = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  kind: offerKindSchema,
  priceMinor: z.number().int().nullable(),
  percentOff: z.number().int().nullable(),
  productIds: z.array(z.string()),
  category: z.string().nullable(),
  expiresAt: isoDateTime,
  perCustomerLimit: z.number().int(),
  totalLimit: z.number().int().nullable(),
  used: z.number().int(),
  audience: segmentFilterSchema.nullable(),
  sentAt: isoDateTime.nullable(),
  recipients: z.number().int().optional(),
});
export type OfferView = z.infer<typeof offerViewSchema>;

/** What she sees of an offer made to her. */
export const myOfferViewSchema = z.object({
  code: z.string(),
  title: z.string(),
  brandName: z.string(),
  kind: offerKindSchema,
  priceMinor: z.number().int().nullable(),
  percentOff: z.number().int().nullable(),
  productIds: z.array(z.string()),
  category: z.string().nullable(),
  expiresAt: isoDateTime,
  usesLeft: z.number().int(),
});
export type MyOfferView = z.infer<typeof myOfferViewSchema>;

// ---- Routes (server/http/route-schemas.ts) ----

const brandParams = z.object({ brandId: entityId });
const tags = ['Offers'] as const;

export const offerRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/offers',
    summary: "The brand's personal offers with their recipient counts (newest 200)",
    tags,
    auth: 'staff',
    params: brandParams,
    response: listSchema(offerViewSchema),
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/offers',
    summary: 'Create a personal offer',
    tags,
    auth: 'staff',
    roles: ['ADMIN'],
    params: brandParams,
    body: offerInputSchema,
    status: 201,
    response: offerViewSchema,
    errors: ['CONFLICT'],
  }),
  send: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/offers/:offerId/send',
    summary: 'Give the offer to the customers whose tags match now and put it in their inbox',
    tags,
    auth: 'staff',
    roles: ['ADMIN'],
    params: brandParams.extend({ offerId: entityId }),
    response: z.object({ recipients: z.number().int(), added: z.number().int() }),
    errors: ['OFFER_EXPIRED'],
  }),
  mine: defineRoute({
    method: 'GET',
    path: '/api/me/offers',
    summary: 'My personal offers that I can still use',
    tags,
    auth: 'session',
    response: listSchema(myOfferViewSchema),
  }),
};
