import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireStaff, requireViewer } from '../accounts/staff-access';
import { parseInput } from '../http/parse-input';
import { buyerRateLimit } from '../http/rate-limits';
import { requireBrandShow } from '../shows/brand-show';
import type { CommerceContext } from './commerce-context';
import { productReserveSchema, reserveSchema, startSaleSchema } from './commerce-schemas';
import { reserveFlashSale } from './reserve-flash-sale';
import { reserveCatalogProduct, reserveProduct } from './reserve-product';
import { listShowSales } from './sale-stats';
import { endFlashSale, startFlashSale } from './start-flash-sale';

const id = z.string().min(1).max(40);
const brandShow = z.object({ brandId: id, showId: id });
const hostRoles = ['ADMIN', 'HOST'] as const;

export function registerSaleRoutes(app: FastifyInstance, ctx: CommerceContext): void {
  app.post('/api/brands/:brandId/shows/:showId/sales', async (request, reply) => {
    const { brandId, showId } = parseInput(brandShow, request.params);
    requireStaff(request.viewer, brandId, hostRoles);
    const sale = await startFlashSale(ctx, brandId, showId, parseInput(startSaleSchema, request.body));
    const views = await listShowSales(ctx.db, showId, { withStats: true });
    return reply.status(201).send(views.find((view) => view.saleId === sale.id));
  });

  app.post('/api/brands/:brandId/shows/:showId/sales/:saleId/end', async (request) => {
    const { brandId, showId, saleId } = parseInput(brandShow.extend({ saleId: id }), request.params);
    requireStaff(request.viewer, brandId, hostRoles);
    await endFlashSale(ctx, saleId, { brandId, showId });
    return { ok: true };
  });

  app.get('/api/brands/:brandId/shows/:showId/sales', async (request) => {
    const { brandId, showId } = parseInput(brandShow, request.params);
    requireStaff(request.viewer, brandId, ['ADMIN', 'HOST', 'MODERATOR']);
    await requireBrandShow(ctx.db, brandId, showId);
    return { items: await listShowSales(ctx.db, showId, { withStats: true }) };
  });

  app.get('/api/shows/:showId/sales', async (request, reply) => {
    const { showId } = parseInput(z.object({ showId: id }), request.params);
    reply.header('cache-control', 'no-store');
    return { items: await listShowSales(ctx.db, showId, { withStats: false }), serverTime: new Date().toISOString() };
  });

  app.post('/api/shows/:showId/sales/:saleId/reservations', { config: buyerRateLimit }, async (request, reply) => {
    const { showId, saleId } = parseInput(z.object({ showId: id, saleId: id }), request.params);
    const viewer = requireViewer(request.viewer);
    const { quantity } = parseInput(reserveSchema, request.body ?? {});
    return reply.status(201).send(await reserveFlashSale(ctx, viewer.userId, showId, saleId, quantity));
  });

  app.post('/api/shows/:showId/products/:showProductId/reservations', { config: buyerRateLimit }, async (request, reply) => {
    const { showId, showProductId } = parseInput(z.object({ showId: id, showProductId: id }), request.params);
    const viewer = requireViewer(request.viewer);
    const { quantity, offerCode } = parseInput(productReserveSchema, request.body ?? {});
    return reply.status(201).send(await reserveProduct(ctx, viewer.userId, showId, showProductId, quantity, offerCode));
  });

  // A product card in a chat: the normal price, no show.
  app.post('/api/products/:productId/reservations', { config: buyerRateLimit }, async (request, reply) => {
    const { productId } = parseInput(z.object({ productId: id }), request.params);
    const viewer = requireViewer(request.viewer);
    const { quantity } = parseInput(reserveSchema, request.body ?? {});
    return reply.status(201).send(await reserveCatalogProduct(ctx, viewer.userId, productId, quantity));
  });
}
