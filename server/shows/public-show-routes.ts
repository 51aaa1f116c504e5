import type { FastifyInstance } from 'fastify';
import type { Database } from '../database/prisma-client';
import { parseInput } from '../http/parse-input';
import { getPublicShow, listPublicShows, type PublicShowStatus } from './public-show-service';
import { toPublicShowView, type ShowLinks } from './show-view';
import { toPublicStock } from '../catalog/public-stock';
import { route } from '../http/typed-route';
import { showRoutes as routes } from './show-schemas';

const listQuery = routes.publicList.query;
const showParams = routes.publicGet.params;
// The public list's filter names the service's statuses, no more, no fewer.
const _sameStatuses: PublicShowStatus[] = listQuery.shape.status.unwrap().options;

export function registerPublicShowRoutes(app: FastifyInstance, db: Database, links: ShowLinks): void {
  route(app, routes.publicList, async (request) => {
    const { status } = parseInput(listQuery, request.query);
    const shows = await listPublicShows(db, status);
    return { items: shows.map((show) => toPublicShowView(show, links)) };
  });

  route(app, routes.publicGet, async (request) => {
    const { showId } = parseInput(showParams, request.params);
    const show = await getPublicShow(db, showId);
    return {
      show: toPublicShowView(show, links),
      brand: show.brand,
      products: show.products.map((row) => ({
        showProductId: row.id,
        productId: row.productId,
        title: row.product.title,
        description: row.product.description,
        priceMinor: row.product.priceMinor,
        currency: row.product.currency,
        category: row.product.category,
        imageUrls: row.product.imageKeys.map((key) => links.storage.urlFor(key)),
        pinned: row.pinned,
        flashPriceMinor: row.flashPriceMinor,
        flashQuantity: row.flashQuantity,
        perBuyerLimit: row.perBuyerLimit,
        // Normal-price stock (a running flash sale has its own allocation, sent with the sale).
        stock: toPublicStock(row.product.stock),
      })),
    };
  });
}
