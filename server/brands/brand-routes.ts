import type { FastifyInstance } from 'fastify';
import { adminOnly, anyStaff, requireStaff } from '../accounts/staff-access';
import type { Database } from '../database/prisma-client';
import { parseInput } from '../http/parse-input';
import type { ShowLinks } from '../shows/show-view';
import { getBrandHome, getBrandProfile, updateBrandProfile } from './brand-home-service';
import { toBrandHomeView, toBrandProfileView } from './brand-home-view';
import { brandIdParams, brandProfileInputSchema, brandSlugParams } from './brand-profile-schemas';

export function registerBrandRoutes(app: FastifyInstance, db: Database, links: ShowLinks): void {
  app.get('/api/public/brands/:slug', async (request) => {
    const { slug } = parseInput(brandSlugParams, request.params);
    return toBrandHomeView(await getBrandHome(db, slug), links);
  });

  app.get('/api/brands/:brandId/profile', async (request) => {
    const { brandId } = parseInput(brandIdParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    return toBrandProfileView(await getBrandProfile(db, brandId), links);
  });

  app.patch('/api/brands/:brandId/profile', async (request) => {
    const { brandId } = parseInput(brandIdParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return toBrandProfileView(await updateBrandProfile(db, brandId, parseInput(brandProfileInputSchema, request.body)), links);
  });
}
