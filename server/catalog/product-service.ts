import type { Prisma } from '../../prisma/generated/client';
import { pageArgs, toPage } from '../database/pagination';
import type { Database } from '../database/prisma-client';
import { AppError, notFound } from '../errors/app-error';
import type { ProductInput, productListQuerySchema } from './product-schemas';
import type { z } from 'zod';

/** Images are stored under the brand's own prefix; a key from another brand is refused. */
function assertOwnImages(brandId: string, imageKeys: string[] | undefined): void {
  const prefix = `${brandId.toLowerCase().slice(0, 40)}/`;
  if (imageKeys?.some((key) => !key.startsWith(prefix))) {
    throw new AppError('VALIDATION_FAILED', 'an image does not belong to this brand', { imageKeys: 'unknown image' });
  }
}

export async function listProducts(db: Database, brandId: string, query: z.infer<typeof productListQuerySchema>) {
  const where: Prisma.ProductWhereInput = { brandId };
  if (query.status === 'active') where.archivedAt = null;
  if (query.status === 'archived') where.archivedAt = { not: null };
  if (query.q) where.title = { contains: query.q, mode: 'insensitive' };
  const rows = await db.product.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    ...pageArgs(query),
  });
  return toPage(rows, query.limit);
}

export async function createProduct(db: Database, brandId: string, input: ProductInput) {
  assertOwnImages(brandId, input.imageKeys);
  return db.product.create({ data: { ...input, brandId } });
}

export async function getProduct(db: Database, brandId: string, productId: string) {
  const product = await db.product.findFirst({ where: { id: productId, brandId } });
  if (!product) throw notFound('product');
  return product;
}

export async function updateProduct(db: Database, brandId: string, productId: string, patch: Partial<ProductInput>) {
  assertOwnImages(brandId, patch.imageKeys);
  const { count } = await db.product.updateMany({ where: { id: productId, brandId }, data: patch });
  if (count === 0) throw notFound('product');
  return getProduct(db, brandId, productId);
}

export async function setProductArchived(db: Database, brandId: string, productId: string, archived: boolean) {
  const { count } = await db.product.updateMany({
    where: { id: productId, brandId },
    data: { archivedAt: archived ? new Date() : null },
  });
  if (count === 0) throw notFound('product');
  return getProduct(db, brandId, productId);
}
