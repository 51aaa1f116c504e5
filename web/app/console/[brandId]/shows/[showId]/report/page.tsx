import { ShowReportView } from '../../../../../../components/console/analytics/show-report-view';

export default async function ShowReportPage({ params }: { params: Promise<{ showId: string }> }) {
  const { showId } = await params;
  return <ShowReportView showId={showId} />;
}
