import type { Database } from '../database/prisma-client';
import { AppError, notFound } from '../errors/app-error';
import { requireBrandShow } from './brand-show';
import type { ShowProductPatchInput } from './show-schemas';

export async function listShowProducts(db: Database, brandId: string, showId: string) {
  await requireBrandShow(db, brandId, showId);
  return db.showProduct.findMany({
    where: { showId },
    include: { product: true },
    orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
  });
}

export async function attachProduct(
  db: Database,
  brandId: string,
  showId: string,
  input: ShowProductPatchInput & { productId: string },
) {
  const [, product] = await Promise.all([
    requireBrandShow(db, brandId, showId),
    db.product.findFirst({ where: { id: input.productId, brandId, archivedAt: null }, select: { id: true } }),
  ]);
  if (!product)
    throw new AppError('VALIDATION_FAILED', 'choose an active product of this brand', { productId: 'unknown product' });
  try {
    return await db.showProduct.create({ data: { ...input, showId }, include: { product: true } });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002')
      throw new AppError('CONFLICT', 'this product is already in the show');
    throw error;
  }
}

export async function updateShowProduct(
  db: Database,
  brandId: string,
  showId: string,
  showProductId: string,
  patch: ShowProductPatchInput,
) {
  const { count } = await db.showProduct.updateMany({
    where: { id: showProductId, showId, show: { brandId } },
    data: patch,
  });
  if (count === 0) throw notFound('show product');
  return db.showProduct.findUniqueOrThrow({ where: { id: showProductId }, include: { product: true } });
}

export async function detachProduct(db: Database, brandId: string, showId: string, showProductId: string) {
  const { count } = await db.showProduct.deleteMany({ where: { id: showProductId, showId, show: { brandId } } });
  if (count === 0) throw notFound('show product');
}
