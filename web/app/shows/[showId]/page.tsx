import type { Metadata, Viewport } from 'next';
import { ShowPage } from '../../../components/show-page/show-page';

// viewport-fit=cover lets the full-screen phone player reach under the notch and the home bar; the overlays keep
// clear of them with env(safe-area-inset-*).
export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  viewportFit: 'cover',
  themeColor: '#000000',
};

// What a link preview (LINE, messages, social apps) shows for a shared show.
export const metadata: Metadata = {
  title: 'Live show',
  description: 'Watch live, chat with the host and buy in the stream on Livecart.',
  openGraph: { type: 'video.other', siteName: 'Livecart', title: 'Live show on Livecart', description: 'Watch live, chat and buy in the stream.' },
  twitter: { card: 'summary_large_image' },
};

export default async function PublicShowPage({ params }: { params: Promise<{ showId: string }> }) {
  const { showId } = await params;
  return <ShowPage showId={showId} />;
}
