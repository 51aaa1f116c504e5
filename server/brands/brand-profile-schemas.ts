import { z } from 'zod';
import { entityId, textField } from '../fields/text-fields';
import { storageKeyPattern } from '../storage/file-storage';

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
});
export type BrandProfileInput = z.infer<typeof brandProfileInputSchema>;

export const brandSlugParams = z.object({ slug: brandSlug });
export const brandIdParams = z.object({ brandId: entityId });

/** What the console edits. */
export interface BrandProfileView {
  brandId: string;
  name: string;
  slug: string;
  about: string;
  coverImageKey: string | null;
  coverUrl: string | null;
  publicUrl: string;
}

/** The public brand home as GET /api/public/brands/:slug answers it (web reads this type). */
export interface BrandHomeShowCard {
  id: string;
  title: string;
  description: string;
  coverUrl: string | null;
  status: 'SCHEDULED' | 'LIVE' | 'ENDED' | 'CANCELLED';
  scheduledStartAt: string;
  startedAt: string | null;
  endedAt: string | null;
  url: string;
}

export interface BrandHomeView {
  brand: { id: string; name: string; slug: string; about: string; coverUrl: string | null; followers: number };
  live: BrandHomeShowCard[];
  upcoming: BrandHomeShowCard[];
  replays: BrandHomeShowCard[];
  products: {
    id: string;
    title: string;
    priceMinor: number;
    currency: string;
    category: string;
    imageUrl: string | null;
    stock: { status: 'in_stock'; left: null } | { status: 'low'; left: number } | { status: 'sold_out'; left: 0 };
  }[];
}
