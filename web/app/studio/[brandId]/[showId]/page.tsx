import type { Metadata } from 'next';
import { StudioPage } from '../../../../components/studio/studio-page';

export const metadata: Metadata = { title: 'Studio' };

export default async function HostStudioPage({ params }: { params: Promise<{ brandId: string; showId: string }> }) {
  const { brandId, showId } = await params;
  return <StudioPage brandId={brandId} showId={showId} />;
}
