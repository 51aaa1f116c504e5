import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Prisma } from '../../prisma/generated/client';
import type { Database } from '../database/prisma-client';
import { notFound } from '../errors/app-error';
import { parseInput } from '../http/parse-input';
import { toPublicShowView, type ShowLinks } from './show-view';
import { entityId } from '../fields/text-fields';

const listQuery = z.object({ status: z.enum(['upcoming', 'live', 'ended']).default('upcoming') });
const showParams = z.object({ showId: entityId });

const filters: Record<z.infer<typeof listQuery>['status'], { where: Prisma.ShowWhereInput; orderBy: Prisma.ShowOrderByWithRelationInput }> = {
  upcoming: { where: { status: 'SCHEDULED' }, orderBy: { scheduledStartAt: 'asc' } },
  live: { where: { status: 'LIVE' }, orderBy: { startedAt: 'desc' } },
  ended: { where: { status: 'ENDED', replayPath: { not: null } }, orderBy: { endedAt: 'desc' } },
};

export function registerPublicShowRoutes(app: FastifyInstance, db: Database, links: ShowLinks): void {
  app.get('/api/public/shows', async (request) => {
    const { status } = parseInput(listQuery, request.query);
    const shows = await db.show.findMany({ ...filters[status], include: { brand: { select: { name: true } } }, take: 50 });
    return { items: shows.map((show) => toPublicShowView(show, links)) };
  });

  app.get('/api/public/shows/:showId', async (request) => {
    const { showId } = parseInput(showParams, request.params);
    const show = await db.show.findFirst({
      where: { id: showId, status: { not: 'CANCELLED' } },
      include: {
        brand: { select: { id: true, name: true, slug: true } },
        products: { where: { product: { archivedAt: null } }, include: { product: true }, orderBy: { position: 'asc' } },
      },
    });
    if (!show) throw notFound('show');
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
      })),
    };
  });
}
