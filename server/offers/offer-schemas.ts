// Personal offers: a private price or a percentage off some products or a category, for the customers whose tags
// match, with a code, an expiry and usage limits. web/ imports the types from here.
import { z } from 'zod';
import { entityId, textField } from '../fields/text-fields';
import { boundedSegmentFilterSchema, type SegmentFilter } from '../segments/segment-schemas';

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
    if (offer.kind === 'PRICE' && offer.priceMinor === undefined) ctx.addIssue({ code: 'custom', path: ['priceMinor'], message: 'a private price needs the price' });
    if (offer.kind === 'PERCENT' && offer.percentOff === undefined) ctx.addIssue({ code: 'custom', path: ['percentOff'], message: 'give the percentage off' });
    if (offer.kind === 'PRICE' && offer.productIds.length === 0) ctx.addIssue({ code: 'custom', path: ['productIds'], message: 'a private price is for named products' });
    if (offer.kind === 'PERCENT' && offer.productIds.length === 0 && !offer.category) ctx.addIssue({ code: 'custom', path: ['category'], message: 'name products or a category' });
  });
export type OfferInput = z.infer<typeof offerInputSchema>;

export interface OfferView {
  id: string;
  code: string;
  title: string;
  kind: 'PRICE' | 'PERCENT';
  priceMinor: number | null;
  percentOff: number | null;
  productIds: string[];
  category: string | null;
  expiresAt: string;
  perCustomerLimit: number;
  totalLimit: number | null;
  used: number;
  audience: SegmentFilter | null;
  sentAt: string | null;
  recipients?: number;
}

/** What she sees of an offer made to her. */
export interface MyOfferView {
  code: string;
  title: string;
  brandName: string;
  kind: 'PRICE' | 'PERCENT';
  priceMinor: number | null;
  percentOff: number | null;
  productIds: string[];
  category: string | null;
  expiresAt: string;
  usesLeft: number;
}
