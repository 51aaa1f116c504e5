import { OrderDetail } from '../../../../../../components/checkout/orders/order-detail';
import { ShowSheet } from '../../../../../../components/show-page/show-sheet';

export default async function OrderOverShow({ params }: { params: Promise<{ orderId: string }> }) {
  const { orderId } = await params;
  return (
    <ShowSheet title="Your order">
      <OrderDetail orderId={orderId} />
    </ShowSheet>
  );
}
