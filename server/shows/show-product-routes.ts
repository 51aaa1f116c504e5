import type { FastifyInstance } from 'fastify';
import { adminOnly, anyStaff, requireStaff } from '../accounts/staff-access';
import { toProductView } from '../catalog/product-view';
import type { Database } from '../database/prisma-client';
import { parseInput } from '../http/parse-input';
import type { FileStorage } from '../storage/file-storage';
import { changePriceOnTimeline } from '../cues/price-cue';
import type { Realtime } from '../realtime/create-realtime';
import type { MediaClock } from '../cues/media-clock';
import {
  showProductCreateSchema,
  showProductPatchSchema,
  showRoutes as routes,
  type ShowProduct,
} from './show-schemas';
import { route } from '../http/typed-route';
import { attachProduct, detachProduct, listShowProducts, updateShowProduct } from './show-product-service';

const showParams = routes.listProducts.params;
const showProductParams = routes.updateProduct.params;
const iso = (date: Date | null) => date?.toISOString() ?? null;

export function registerShowProductRoutes(
  app: FastifyInstance,
  db: Database,
  storage: FileStorage,
  realtime: Pick<Realtime, 'emitToShow'>,
  clock: MediaClock,
): void {
  type Row = Awaited<ReturnType<typeof listShowProducts>>[number];
  const view = (row: Row): ShowProduct => ({
    ...row,
    flashStartsAt: iso(row.flashStartsAt),
    flashEndsAt: iso(row.flashEndsAt),
    createdAt: row.createdAt.toISOString(),
    product: toProductView(row.product, storage),
  });

  route(app, routes.listProducts, async (request) => {
    const { brandId, showId } = parseInput(showParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    return { items: (await listShowProducts(db, brandId, showId)).map(view) };
  });

  route(app, routes.attachProduct, async (request, reply) => {
    const { brandId, showId } = parseInput(showParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const row = await attachProduct(db, brandId, showId, parseInput(showProductCreateSchema, request.body));
    return reply.status(201).send(view(row));
  });

  route(app, routes.updateProduct, async (request) => {
    const { brandId, showId, showProductId } = parseInput(showProductParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const patch = parseInput(showProductPatchSchema, request.body);
    const update = () => updateShowProduct(db, brandId, showId, showProductId, patch);
    // A new show price for a pinned product is a cue on the show's media timeline.
    const priced = patch.flashPriceMinor !== undefined;
    return view(
      priced
        ? await changePriceOnTimeline({ db, images: storage, realtime, clock }, showId, showProductId, update)
        : await update(),
    );
  });

  route(app, routes.detachProduct, async (request, reply) => {
    const { brandId, showId, showProductId } = parseInput(showProductParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    await detachProduct(db, brandId, showId, showProductId);
    return reply.status(204).send();
  });
}
