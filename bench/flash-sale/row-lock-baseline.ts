// The naive way, for comparison only: every purchase takes the sale's row lock (SELECT ... FOR UPDATE) inside its
// own database transaction, checks, decrements and writes its order. Registered by the bench server only.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireViewer } from '../../server/accounts/staff-access';
import type { Database } from '../../server/database/prisma-client';
import { AppError } from '../../server/errors/app-error';
import { parseInput } from '../../server/http/parse-input';

export function registerRowLockBaseline(app: FastifyInstance, db: Database, holdSeconds: number): void {
  app.post('/api/bench/row-lock/sales/:saleId/reservations', async (request, reply) => {
    const { saleId } = parseInput(z.object({ saleId: z.string() }), request.params);
    const buyerId = requireViewer(request.viewer).userId;
    const result = await db.$transaction(async (tx) => {
      const [sale] = await tx.$queryRaw<{ remaining: number; perBuyerLimit: number; priceMinor: number; showProductId: string }[]>`
        SELECT remaining, "perBuyerLimit", "priceMinor", "showProductId" FROM "FlashSale"
        WHERE id = ${saleId} AND status = 'ACTIVE' AND "endsAt" > now() FOR UPDATE`;
      if (!sale) throw new AppError('SALE_NOT_ACTIVE', 'this sale has ended');
      const held = await tx.reservation.aggregate({ where: { flashSaleId: saleId, buyerId, status: { in: ['HELD', 'CONVERTED'] } }, _sum: { quantity: true } });
      if ((held._sum.quantity ?? 0) + 1 > sale.perBuyerLimit) throw new AppError('PURCHASE_LIMIT', 'limit reached');
      if (sale.remaining < 1) throw new AppError('SOLD_OUT', 'sold out');
      await tx.$executeRaw`UPDATE "FlashSale" SET remaining = remaining - 1 WHERE id = ${saleId}`;
      const showProduct = await tx.showProduct.findUniqueOrThrow({ where: { id: sale.showProductId }, include: { product: true, show: true } });
      const reservation = await tx.reservation.create({ data: { flashSaleId: saleId, productId: showProduct.productId, buyerId, quantity: 1, expiresAt: new Date(Date.now() + holdSeconds * 1000) } });
      const order = await tx.order.create({
        data: {
          brandId: showProduct.show.brandId,
          buyerId,
          showId: showProduct.showId,
          reservationId: reservation.id,
          totalMinor: sale.priceMinor,
          currency: showProduct.product.currency,
          paymentProvider: 'test',
          items: { create: { productId: showProduct.productId, title: showProduct.product.title, quantity: 1, unitPriceMinor: sale.priceMinor } },
        },
      });
      return { orderId: order.id, reservationId: reservation.id };
    });
    return reply.status(201).send(result);
  });

  app.post('/api/bench/row-lock/orders/:orderId/cancel', async (request) => {
    const { orderId } = parseInput(z.object({ orderId: z.string() }), request.params);
    const buyerId = requireViewer(request.viewer).userId;
    await db.$transaction(async (tx) => {
      const order = await tx.order.findFirst({ where: { id: orderId, buyerId }, include: { reservation: true } });
      if (!order?.reservation?.flashSaleId) throw new AppError('NOT_FOUND', 'order not found');
      await tx.$queryRaw`SELECT id FROM "FlashSale" WHERE id = ${order.reservation.flashSaleId} FOR UPDATE`;
      const { count } = await tx.reservation.updateMany({ where: { id: order.reservation.id, status: 'HELD' }, data: { status: 'RELEASED' } });
      if (count === 0) return;
      await tx.$executeRaw`UPDATE "FlashSale" SET remaining = remaining + ${order.reservation.quantity} WHERE id = ${order.reservation.flashSaleId}`;
      await tx.order.update({ where: { id: orderId }, data: { status: 'CANCELED' } });
    });
    return { ok: true };
  });

  app.get('/api/bench/sales/:saleId/audit', async (request) => {
    const { saleId } = parseInput(z.object({ saleId: z.string() }), request.params);
    const sale = await db.flashSale.findUniqueOrThrow({ where: { id: saleId } });
    const taken = await db.reservation.aggregate({ where: { flashSaleId: saleId, status: { in: ['HELD', 'CONVERTED'] } }, _sum: { quantity: true } });
    return { quantity: sale.quantity, remaining: sale.remaining, taken: taken._sum.quantity ?? 0 };
  });
}
