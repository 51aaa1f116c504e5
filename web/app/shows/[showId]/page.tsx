import { ShowPage } from '../../../components/show-page/show-page';

export default async function PublicShowPage({ params }: { params: Promise<{ showId: string }> }) {
  const { showId } = await params;
  return <ShowPage showId={showId} />;
}
