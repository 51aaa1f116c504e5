import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { adminOnly, anyStaff, requireStaff } from '../accounts/staff-access';
import type { Database } from '../database/prisma-client';
import { parseInput } from '../http/parse-input';
import type { FileStorage } from '../storage/file-storage';
import { productInputSchema, productListQuerySchema, productPatchSchema } from './product-schemas';
import { createProduct, getProduct, listProducts, setProductArchived, updateProduct } from './product-service';
import { toProductView } from './product-view';
import { entityId } from '../fields/text-fields';

const brandParams = z.object({ brandId: entityId });
const productParams = brandParams.extend({ productId: entityId });

export function registerProductRoutes(app: FastifyInstance, db: Database, storage: FileStorage): void {
  const view = (product: Parameters<typeof toProductView>[0]) => toProductView(product, storage);

  app.get('/api/brands/:brandId/products', async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const page = await listProducts(db, brandId, parseInput(productListQuerySchema, request.query));
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  });

  app.post('/api/brands/:brandId/products', async (request, reply) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const product = await createProduct(db, brandId, parseInput(productInputSchema, request.body));
    return reply.status(201).send(view(product));
  });

  app.get('/api/brands/:brandId/products/:productId', async (request) => {
    const { brandId, productId } = parseInput(productParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    return view(await getProduct(db, brandId, productId));
  });

  app.patch('/api/brands/:brandId/products/:productId', async (request) => {
    const { brandId, productId } = parseInput(productParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return view(await updateProduct(db, brandId, productId, parseInput(productPatchSchema, request.body)));
  });

  for (const [action, archived] of [['archive', true], ['unarchive', false]] as const) {
    app.post(`/api/brands/:brandId/products/:productId/${action}`, async (request) => {
      const { brandId, productId } = parseInput(productParams, request.params);
      requireStaff(request.viewer, brandId, adminOnly);
      return view(await setProductArchived(db, brandId, productId, archived));
    });
  }
}
