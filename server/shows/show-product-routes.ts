import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { adminOnly, anyStaff, requireStaff } from '../accounts/staff-access';
import { toProductView } from '../catalog/product-view';
import type { Database } from '../database/prisma-client';
import { parseInput } from '../http/parse-input';
import type { FileStorage } from '../storage/file-storage';
import { showProductCreateSchema, showProductPatchSchema } from './show-schemas';
import { attachProduct, detachProduct, listShowProducts, updateShowProduct } from './show-product-service';
import { entityId } from '../fields/text-fields';

const showParams = z.object({ brandId: entityId, showId: entityId });
const showProductParams = showParams.extend({ showProductId: entityId });

export function registerShowProductRoutes(app: FastifyInstance, db: Database, storage: FileStorage): void {
  type Row = Awaited<ReturnType<typeof listShowProducts>>[number];
  const view = (row: Row) => ({ ...row, product: toProductView(row.product, storage) });

  app.get('/api/brands/:brandId/shows/:showId/products', async (request) => {
    const { brandId, showId } = parseInput(showParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    return { items: (await listShowProducts(db, brandId, showId)).map(view) };
  });

  app.post('/api/brands/:brandId/shows/:showId/products', async (request, reply) => {
    const { brandId, showId } = parseInput(showParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const row = await attachProduct(db, brandId, showId, parseInput(showProductCreateSchema, request.body));
    return reply.status(201).send(view(row));
  });

  app.patch('/api/brands/:brandId/shows/:showId/products/:showProductId', async (request) => {
    const { brandId, showId, showProductId } = parseInput(showProductParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return view(await updateShowProduct(db, brandId, showId, showProductId, parseInput(showProductPatchSchema, request.body)));
  });

  app.delete('/api/brands/:brandId/shows/:showId/products/:showProductId', async (request, reply) => {
    const { brandId, showId, showProductId } = parseInput(showProductParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    await detachProduct(db, brandId, showId, showProductId);
    return reply.status(204).send();
  });
}
