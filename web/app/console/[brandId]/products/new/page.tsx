import { NewProduct } from '../../../../../components/console/products/product-editor';

export default function NewProductPage() {
  return <NewProduct />;
}
