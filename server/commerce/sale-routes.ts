import type { FastifyInstance } from 'fastify';
import { requireStaff, requireViewer } from '../accounts/staff-access';
import { parseInput } from '../http/parse-input';
import { buyerRateLimit } from '../http/rate-limits';
import { requireBrandShow } from '../shows/brand-show';
import type { CommerceContext } from './commerce-context';
import { commerceRoutes as routes, productReserveSchema, reserveSchema, startSaleSchema } from './commerce-schemas';
import { route } from '../http/typed-route';
import { reserveFlashSale } from './reserve-flash-sale';
import { reserveCatalogProduct, reserveProduct } from './reserve-product';
import { listShowSales } from './sale-stats';
import { endFlashSale, startFlashSale } from './start-flash-sale';

const brandShow = routes.hostSales.params;
const hostRoles = ['ADMIN', 'HOST'] as const;

export function registerSaleRoutes(app: FastifyInstance, ctx: CommerceContext): void {
  route(app, routes.startSale, async (request, reply) => {
    const { brandId, showId } = parseInput(brandShow, request.params);
    requireStaff(request.viewer, brandId, hostRoles);
    const sale = await startFlashSale(ctx, brandId, showId, parseInput(startSaleSchema, request.body));
    const views = await listShowSales(ctx.db, showId, { withStats: true });
    return reply.status(201).send(views.find((view) => view.saleId === sale.id));
  });

  route(app, routes.endSale, async (request) => {
    const { brandId, showId, saleId } = parseInput(routes.endSale.params, request.params);
    requireStaff(request.viewer, brandId, hostRoles);
    await endFlashSale(ctx, saleId, { brandId, showId });
    return { ok: true as const };
  });

  route(app, routes.hostSales, async (request) => {
    const { brandId, showId } = parseInput(brandShow, request.params);
    requireStaff(request.viewer, brandId, ['ADMIN', 'HOST', 'MODERATOR']);
    await requireBrandShow(ctx.db, brandId, showId);
    return { items: await listShowSales(ctx.db, showId, { withStats: true }) };
  });

  route(app, routes.showSales, async (request, reply) => {
    const { showId } = parseInput(routes.showSales.params, request.params);
    reply.header('cache-control', 'no-store');
    return { items: await listShowSales(ctx.db, showId, { withStats: false }), serverTime: new Date().toISOString() };
  });

  route(
    app,
    routes.reserveSale,
    async (request, reply) => {
      const { showId, saleId } = parseInput(routes.reserveSale.params, request.params);
      const viewer = requireViewer(request.viewer);
      const { quantity } = parseInput(reserveSchema, request.body ?? {});
      return reply.status(201).send(await reserveFlashSale(ctx, viewer.userId, showId, saleId, quantity));
    },
    { config: buyerRateLimit },
  );

  route(
    app,
    routes.reserveProduct,
    async (request, reply) => {
      const { showId, showProductId } = parseInput(routes.reserveProduct.params, request.params);
      const viewer = requireViewer(request.viewer);
      const { quantity, offerCode } = parseInput(productReserveSchema, request.body ?? {});
      return reply
        .status(201)
        .send(await reserveProduct(ctx, viewer.userId, showId, showProductId, quantity, offerCode));
    },
    { config: buyerRateLimit },
  );

  // A product card in a chat: the normal price, no show.
  route(
    app,
    routes.reserveCatalogProduct,
    async (request, reply) => {
      const { productId } = parseInput(routes.reserveCatalogProduct.params, request.params);
      const viewer = requireViewer(request.viewer);
      const { quantity } = parseInput(reserveSchema, request.body ?? {});
      return reply.status(201).send(await reserveCatalogProduct(ctx, viewer.userId, productId, quantity));
    },
    { config: buyerRateLimit },
  );
}
