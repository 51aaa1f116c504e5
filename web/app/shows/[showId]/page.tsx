import type { Metadata, Viewport } from 'next';
import { notFound } from 'next/navigation';
import { ShowPage } from '../../../components/show-page/show-page';
import { loadPublicShow, showMetadata } from './show-preview';

type Params = { params: Promise<{ showId: string }>; searchParams: Promise<{ t?: string | string[] }> };

// viewport-fit=cover lets the full-screen phone player reach under the notch and the home bar; the overlays keep
// clear of them with env(safe-area-inset-*).
export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  viewportFit: 'cover',
  themeColor: '#000000',
};

// What a link preview (LINE, messages, social apps) shows for a shared show: its title, description and cover.
// With `?t=` (a moment of the replay), the product the host was showing then.
export async function generateMetadata({ params, searchParams }: Params): Promise<Metadata> {
  const { t } = await searchParams;
  return showMetadata((await params).showId, typeof t === 'string' ? t : undefined);
}

export default async function PublicShowPage({ params }: Params) {
  const { showId } = await params;
  // An unknown or cancelled show answers 404 (the same request as the metadata: loadPublicShow is cached).
  if ((await loadPublicShow(showId)) === 'missing') notFound();
  return <ShowPage showId={showId} />;
}
