import type { FastifyInstance } from 'fastify';
import { adminOnly, anyStaff, requireStaff } from '../accounts/staff-access';
import type { Database } from '../database/prisma-client';
import { parseInput } from '../http/parse-input';
import type { ShowLinks } from '../shows/show-view';
import { getBrandHome, getBrandProfile, updateBrandProfile } from './brand-home-service';
import { toBrandHomeView, toBrandProfileView } from './brand-home-view';
import { route } from '../http/typed-route';
import {
  brandIdParams,
  brandProfileInputSchema,
  brandRoutes as routes,
  brandSlugParams,
} from './brand-profile-schemas';

export function registerBrandRoutes(app: FastifyInstance, db: Database, links: ShowLinks): void {
  route(app, routes.home, async (request) => {
    const { slug } = parseInput(brandSlugParams, request.params);
    return toBrandHomeView(await getBrandHome(db, slug), links);
  });

  route(app, routes.profile, async (request) => {
    const { brandId } = parseInput(brandIdParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    return toBrandProfileView(await getBrandProfile(db, brandId), links);
  });

  route(app, routes.updateProfile, async (request) => {
    const { brandId } = parseInput(brandIdParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return toBrandProfileView(
      await updateBrandProfile(db, brandId, parseInput(brandProfileInputSchema, request.body)),
      links,
    );
  });
}
