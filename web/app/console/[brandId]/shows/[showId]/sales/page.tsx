import { SalePanel } from '../../../../../../components/checkout/sale-panel';

export default async function ShowSalesPage({ params }: { params: Promise<{ showId: string }> }) {
  const { showId } = await params;
  return <SalePanel showId={showId} />;
}
