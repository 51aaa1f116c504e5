import { AppError, notFound } from '../errors/app-error';
import type { CommerceContext } from './commerce-context';
import type { ReservationResult } from './reserve-flash-sale';

/** Buy at the normal price: the product's stock, with the same conditional update and the same hold. */
export async function reserveProduct(ctx: CommerceContext, buyerId: string, showId: string, showProductId: string, quantity: number): Promise<ReservationResult> {
  const row = await ctx.db.showProduct.findFirst({
    where: { id: showProductId, showId, show: { status: { in: ['SCHEDULED', 'LIVE', 'ENDED'] } }, product: { archivedAt: null } },
    include: { product: true, show: { select: { brandId: true } } },
  });
  if (!row) throw notFound('product');
  const expiresAt = new Date(Date.now() + ctx.holdSeconds * 1000);
  return ctx.db.$transaction(async (tx) => {
    const { count } = await tx.product.updateMany({ where: { id: row.productId, stock: { gte: quantity } }, data: { stock: { decrement: quantity } } });
    if (count === 0) throw new AppError('SOLD_OUT', 'sold out');
    const reservation = await tx.reservation.create({ data: { productId: row.productId, buyerId, quantity, expiresAt } });
    const order = await tx.order.create({
      data: {
        brandId: row.show.brandId,
        buyerId,
        showId,
        reservationId: reservation.id,
        totalMinor: row.product.priceMinor * quantity,
        currency: row.product.currency,
        paymentProvider: ctx.payments.name,
        items: { create: { productId: row.productId, title: row.product.title, quantity, unitPriceMinor: row.product.priceMinor } },
      },
    });
    const stock = await tx.product.findUniqueOrThrow({ where: { id: row.productId }, select: { stock: true } });
    return { orderId: order.id, reservationId: reservation.id, expiresAt: expiresAt.toISOString(), remaining: stock.stock };
  });
}
