import type { Database } from '../../database/prisma-client';
import { AppError, notFound } from '../../errors/app-error';
import type { PinnedProduct } from '../contract';

export const maxPins = 3;

export interface ImageLinks {
  urlFor(key: string): string;
}

export async function listPins(db: Database, images: ImageLinks, showId: string): Promise<PinnedProduct[]> {
  const rows = await db.showProduct.findMany({
    where: { showId, pinned: true },
    include: { product: true },
    orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
  });
  return rows.map((row) => ({
    showProductId: row.id,
    productId: row.productId,
    title: row.product.title,
    priceMinor: row.product.priceMinor,
    flashPriceMinor: row.flashPriceMinor,
    currency: row.product.currency,
    imageUrl: row.product.imageKeys[0] ? images.urlFor(row.product.imageKeys[0]) : null,
  }));
}

/**
 * Pins a product of the show. The show row is locked so two hosts pinning at once (on two nodes) cannot
 * exceed the limit. Pinning a pinned product changes nothing.
 */
export async function pinProduct(db: Database, showId: string, showProductId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Show" WHERE id = ${showId} FOR UPDATE`;
    const target = await tx.showProduct.findFirst({ where: { id: showProductId, showId }, select: { pinned: true } });
    if (!target) throw notFound('show product');
    if (target.pinned) return;
    const pinned = await tx.showProduct.count({ where: { showId, pinned: true } });
    if (pinned >= maxPins)
      throw new AppError('PIN_LIMIT', `at most ${maxPins} products can be pinned; unpin one first`);
    await tx.showProduct.update({ where: { id: showProductId }, data: { pinned: true } });
  });
}

export async function unpinProduct(db: Database, showId: string, showProductId: string): Promise<void> {
  const target = await db.showProduct.findFirst({ where: { id: showProductId, showId }, select: { id: true } });
  if (!target) throw notFound('show product');
  await db.showProduct.update({ where: { id: showProductId }, data: { pinned: false } });
}
