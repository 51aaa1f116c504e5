import type { FastifyInstance } from 'fastify';
import { adminOnly, anyStaff, requireStaff } from '../accounts/staff-access';
import type { Database } from '../database/prisma-client';
import { parseInput } from '../http/parse-input';
import type { FileStorage } from '../storage/file-storage';
import {
  productInputSchema,
  productListQuerySchema,
  productPatchSchema,
  productRoutes as routes,
} from './product-schemas';
import { route } from '../http/typed-route';
import { createProduct, getProduct, listProducts, setProductArchived, updateProduct } from './product-service';
import { toProductView } from './product-view';

const brandParams = routes.list.params;
const productParams = routes.get.params;

export function registerProductRoutes(app: FastifyInstance, db: Database, storage: FileStorage): void {
  const view = (product: Parameters<typeof toProductView>[0]) => toProductView(product, storage);

  route(app, routes.list, async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const page = await listProducts(db, brandId, parseInput(productListQuerySchema, request.query));
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  });

  route(app, routes.create, async (request, reply) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const product = await createProduct(db, brandId, parseInput(productInputSchema, request.body));
    return reply.status(201).send(view(product));
  });

  route(app, routes.get, async (request) => {
    const { brandId, productId } = parseInput(productParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    return view(await getProduct(db, brandId, productId));
  });

  route(app, routes.update, async (request) => {
    const { brandId, productId } = parseInput(productParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return view(await updateProduct(db, brandId, productId, parseInput(productPatchSchema, request.body)));
  });

  for (const [contract, archived] of [
    [routes.archive, true],
    [routes.unarchive, false],
  ] as const) {
    route(app, contract, async (request) => {
      const { brandId, productId } = parseInput(productParams, request.params);
      requireStaff(request.viewer, brandId, adminOnly);
      return view(await setProductArchived(db, brandId, productId, archived));
    });
  }
}
