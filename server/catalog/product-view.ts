import type { Product } from '../../prisma/generated/client';
import type { FileStorage } from '../storage/file-storage';
import type { Product as ProductView } from './product-schemas';

export function toProductView(product: Product, storage: FileStorage): ProductView {
  return {
    ...product,
    imageUrls: product.imageKeys.map((key) => storage.urlFor(key)),
    archivedAt: product.archivedAt?.toISOString() ?? null,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}
