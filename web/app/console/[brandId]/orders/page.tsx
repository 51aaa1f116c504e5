import { BrandOrders } from '../../../../components/checkout/orders/brand-orders';

export default function BrandOrdersPage() {
  return <BrandOrders />;
}
