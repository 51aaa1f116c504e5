import { MyOrders } from '../../components/checkout/orders/my-orders';

export const metadata = { title: 'Your orders' };

export default function OrdersPage() {
  return <MyOrders />;
}
