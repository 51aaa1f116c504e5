import { z } from 'zod';
import { entityId, textField } from '../fields/text-fields';
import { storageKeyPattern } from '../storage/file-storage';
import { defineRoute, isoDateTime } from '../http/route-schemas';

/** A brand's address on the platform: /brands/<slug>. Lower-case letters, digits and inner hyphens. */
export const brandSlug = z
  .string()
  .min(2, 'use at least 2 characters')
  .max(40, 'use at most 40 characters')
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'use lower-case letters, digits and hyphens (not at the ends)');

export const brandProfileInputSchema = z.strictObject({
  slug: brandSlug.optional(),
  about: textField({ max: 2000, multiline: true }).optional(),
  coverImageKey: z.string().regex(storageKeyPattern, 'must be an uploaded image').nullable().optional(),
  /** Chat keywords that order the pinned product ("SOLD", "+1"; "SOLD 2" orders two); empty turns it off. */
  chatOrderKeywords: z
    .array(textField({ max: 20, required: true }).refine((word) => !/\s/.test(word.trim()), 'one word per keyword'))
    .max(5)
    .optional(),
});
export type BrandProfileInput = z.infer<typeof brandProfileInputSchema>;

export const brandSlugParams = z.object({ slug: brandSlug });
export const brandIdParams = z.object({ brandId: entityId });

/** What the console edits. */
export const brandProfileViewSchema = z.object({
  brandId: z.string(),
  name: z.string(),
  slug: z.string(),
  about: z.string(),
  coverImageKey: z.string().nullable(),
  coverUrl: z.string().nullable(),
  publicUrl: z.string(),
  chatOrderKeywords: z.array(z.string()),
});
export type BrandProfileView = z.infer<typeof brandProfileViewSchema>;

/** The public brand home as GET /api/public/brands/:slug answers it (web reads this type). */
export const brandHomeShowCardSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  coverUrl: z.string().nullable(),
  status: z.enum(['SCHEDULED', 'LIVE', 'ENDED', 'CANCELLED']),
  scheduledStartAt: isoDateTime,
  startedAt: isoDateTime.nullable(),
  endedAt: isoDateTime.nullable(),
  url: z.string(),
});
export type BrandHomeShowCard = z.infer<typeof brandHomeShowCardSchema>;

const publicStockSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('in_stock'), left: z.null() }),
  z.object({ status: z.literal('low'), left: z.number().int() }),
  z.object({ status: z.literal('sold_out'), left: z.literal(0) }),
]);

export const brandHomeViewSchema = z.object({
  brand: z.object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    about: z.string(),
    coverUrl: z.string().nullable(),
    followers: z.number().int(),
  }),
  live: z.array(brandHomeShowCardSchema),
  upcoming: z.array(brandHomeShowCardSchema),
  replays: z.array(brandHomeShowCardSchema),
  products: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      priceMinor: z.number().int(),
      currency: z.string(),
      category: z.string(),
      imageUrl: z.string().nullable(),
      stock: publicStockSchema,
    }),
  ),
});
export type BrandHomeView = z.infer<typeof brandHomeViewSchema>;

const tags = ['Brand page'] as const;

export const brandRoutes = {
  home: defineRoute({
    method: 'GET',
    path: '/api/public/brands/:slug',
    summary: "A brand's public home: live, upcoming and past shows and its products",
    tags,
    auth: 'public',
    params: brandSlugParams,
    response: brandHomeViewSchema,
  }),
  profile: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/profile',
    summary: "The brand page's settings",
    tags,
    auth: 'staff',
    params: brandIdParams,
    response: brandProfileViewSchema,
  }),
  updateProfile: defineRoute({
    method: 'PATCH',
    path: '/api/brands/:brandId/profile',
    summary: "Change the brand page's address, about text or cover",
    tags,
    auth: 'staff',
    roles: ['ADMIN'],
    params: brandIdParams,
    body: brandProfileInputSchema,
    response: brandProfileViewSchema,
    errors: ['CONFLICT'],
  }),
};
