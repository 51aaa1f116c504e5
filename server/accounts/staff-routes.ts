import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../database/prisma-client';
import { parseInput } from '../http/parse-input';
import { anyStaff, requireStaff } from './staff-access';
import { entityId } from '../fields/text-fields';
import { listStaff } from './staff-service';

const brandParams = z.object({ brandId: entityId });

export function registerStaffRoutes(app: FastifyInstance, db: Database): void {
  app.get('/api/brands/:brandId/staff', async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    return { items: await listStaff(db, brandId) };
  });
}
