import { ShowDetail } from '../../../../../components/console/shows/show-detail';

export default async function ShowDetailPage({ params }: { params: Promise<{ showId: string }> }) {
  const { showId } = await params;
  return <ShowDetail showId={showId} />;
}
