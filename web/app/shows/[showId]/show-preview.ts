// Server side of the show page: reads the public show through the platform's own API (on loopback) once per
// request, for the link preview (generateMetadata) and the 404 of an unknown or cancelled show.
import type { Metadata } from 'next';
import { cache } from 'react';
import type { PublicShowDetail } from '../../../api/api-types';
import { previewBase, previewMetadata, readPublic } from '../../link-preview-source';
import { showRoutes } from '@server/shows/show-schemas';
import { cueRoutes } from '@server/cues/cue-schemas';
import { formatMoney } from '../../../format/money';
import { pinsAt } from '../../../components/show-room/cue-timeline';
import { momentLabel, momentOf, secondsOf } from '../../../components/replay/replay-moment';

/** A replay moment's preview: the product pinned at that frame (the last one the host pinned), else null. */
async function momentMetadata(loaded: PublicShowDetail, moment: number): Promise<Metadata | null> {
  const { show, brand } = loaded;
  const cues = await readPublic(cueRoutes.list, {
    params: { showId: show.id },
    query: { until: new Date(moment).toISOString() },
  });
  if (!cues || cues === 'missing') return null;
  const pinned = pinsAt(cues.items, moment, []);
  const product = pinned.at(-1);
  if (!product) return null;
  const base = await previewBase();
  const seconds = secondsOf(show.startedAt, moment);
  const url = new URL(`/shows/${encodeURIComponent(show.id)}?t=${seconds}`, base).toString();
  const title = `${product.title} · ${show.title} · ${brand.name}`;
  const description = `${formatMoney(product.priceMinor, product.currency)} — shown at ${momentLabel(seconds)} in the replay of ${show.title}. Watch that moment and buy on Livecart.`;
  const image = product.imageUrl ? new URL(product.imageUrl, base).toString() : null;
  return previewMetadata({ base, url, title, description, type: 'video.other', image, imageAlt: product.title });
}

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

export async function showMetadata(showId: string, t?: string): Promise<Metadata> {
  const loaded = await loadPublicShow(showId);
  if (loaded === 'missing') return { title: 'Show not found', robots: { index: false } };
  if (!loaded) return fallback;
  const moment = momentOf(loaded.show.startedAt, t);
  if (moment !== null) {
    const preview = await momentMetadata(loaded, moment);
    if (preview) return preview;
  }
  const { show, brand } = loaded;
  const base = await previewBase();
  const url = new URL(`/shows/${encodeURIComponent(show.id)}`, base).toString();
  const title = `${show.title} · ${brand.name}`;
  const description =
    show.description?.trim() ||
    `${statusLine[show.status]} on Livecart: watch ${brand.name}, chat and buy in the stream.`;
  const image = show.coverUrl ? new URL(show.coverUrl, base).toString() : null;
  return previewMetadata({ base, url, title, description, type: 'video.other', image, imageAlt: show.title });
}
