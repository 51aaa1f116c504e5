// Server side of the show page: reads the public show through the platform's own API (on loopback) once per
// request, for the link preview (generateMetadata) and the 404 of an unknown or cancelled show.
import type { Metadata } from 'next';
import { cache } from 'react';
import type { PublicShowDetail } from '../../../api/api-types';
import { previewBase, readPublic } from '../../link-preview-source';
import { showRoutes } from '@server/shows/show-schemas';

/** The show, 'missing' when the API says there is none (unknown, cancelled or malformed id), null when unreadable. */
export const loadPublicShow = cache(
  (showId: string): Promise<PublicShowDetail | 'missing' | null> =>
    readPublic(showRoutes.publicGet, { params: { showId } }),
);

const fallback: Metadata = {
  title: 'Live show',
  description: 'Watch live, chat with the host and buy in the stream on Livecart.',
  openGraph: {
    type: 'video.other',
    siteName: 'Livecart',
    title: 'Live show on Livecart',
    description: 'Watch live, chat and buy in the stream.',
  },
  twitter: { card: 'summary' },
};

const statusLine: Record<PublicShowDetail['show']['status'], string> = {
  SCHEDULED: 'Live soon',
  LIVE: 'Live now',
  ENDED: 'Watch the replay',
  CANCELLED: 'Cancelled',
};

export async function showMetadata(showId: string): Promise<Metadata> {
  const loaded = await loadPublicShow(showId);
  if (loaded === 'missing') return { title: 'Show not found', robots: { index: false } };
  if (!loaded) return fallback;
  const { show, brand } = loaded;
  const base = await previewBase();
  const url = new URL(`/shows/${encodeURIComponent(show.id)}`, base).toString();
  const title = `${show.title} · ${brand.name}`;
  const description =
    show.description?.trim() ||
    `${statusLine[show.status]} on Livecart: watch ${brand.name}, chat and buy in the stream.`;
  const image = show.coverUrl ? new URL(show.coverUrl, base).toString() : null;
  return {
    metadataBase: base,
    title,
    description,
    alternates: { canonical: url },
    openGraph: {
      type: 'video.other',
      siteName: 'Livecart',
      url,
      title,
      description,
      ...(image ? { images: [{ url: image, alt: show.title }] } : {}),
    },
    twitter: image
      ? { card: 'summary_large_image', title, description, images: [image] }
      : { card: 'summary', title, description },
  };
}
