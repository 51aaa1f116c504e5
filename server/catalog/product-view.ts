import type { Product } from '../../prisma/generated/client';
import type { FileStorage } from '../storage/file-storage';

export function toProductView(product: Product, storage: FileStorage) {
  return { ...product, imageUrls: product.imageKeys.map((key) => storage.urlFor(key)) };
}
