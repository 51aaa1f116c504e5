import { ProductsList } from '../../../../components/console/products/products-list';

export default function ProductsPage() {
  return <ProductsList />;
}
