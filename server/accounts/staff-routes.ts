import type { FastifyInstance } from 'fastify';
import type { Database } from '../database/prisma-client';
import { parseInput } from '../http/parse-input';
import { route } from '../http/typed-route';
import { accountRoutes } from './account-schemas';
import { anyStaff, requireStaff } from './staff-access';
import { listStaff } from './staff-service';

export function registerStaffRoutes(app: FastifyInstance, db: Database): void {
  route(app, accountRoutes.staff, async (request) => {
    const { brandId } = parseInput(accountRoutes.staff.params, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    return { items: await listStaff(db, brandId) };
  });
}
