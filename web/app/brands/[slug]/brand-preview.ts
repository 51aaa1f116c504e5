// Server side of the brand home: reads the public brand through the platform's own API (on loopback) once per
// request, for the page itself, its link preview (generateMetadata) and the 404 of an unknown brand.
import type { Metadata } from 'next';
import { cache } from 'react';
import { type BrandHomeView, brandRoutes } from '../../../../server/brands/brand-profile-schemas';
import { previewBase, previewMetadata, readPublic } from '../../link-preview-source';

/** The brand home, 'missing' when the API says there is none (unknown or malformed slug), null when unreadable. */
export const loadBrandHome = cache(
  (slug: string): Promise<BrandHomeView | 'missing' | null> => readPublic(brandRoutes.home, { params: { slug } }),
);

/** A plain-text summary of the about text for the preview card (one paragraph, at most ~200 characters). */
export function summary(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}

export async function brandMetadata(slug: string): Promise<Metadata> {
  const loaded = await loadBrandHome(slug);
  if (loaded === 'missing') return { title: 'Brand not found', robots: { index: false } };
  if (!loaded)
    return { title: 'Brand on Livecart', description: 'Live shows, replays and products from the brand on Livecart.' };
  const { brand, live, upcoming } = loaded;
  const base = await previewBase();
  const url = new URL(`/brands/${encodeURIComponent(brand.slug)}`, base).toString();
  const title = `${brand.name} · Official account on Livecart`;
  const status = live.length ? 'Live now' : upcoming.length ? 'Next live show soon' : 'Replays and products';
  const description =
    summary(brand.about) || `${status}: follow ${brand.name}, watch live, chat with the brand and buy on Livecart.`;
  const cover = brand.coverUrl ?? live[0]?.coverUrl ?? upcoming[0]?.coverUrl ?? null;
  const image = cover ? new URL(cover, base).toString() : null;
  return previewMetadata({ base, url, title, description, type: 'profile', image, imageAlt: brand.name });
}
