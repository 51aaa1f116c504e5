import { EditProduct } from '../../../../../components/console/products/product-editor';

export default async function EditProductPage({ params }: { params: Promise<{ productId: string }> }) {
  const { productId } = await params;
  return <EditProduct productId={productId} />;
}
