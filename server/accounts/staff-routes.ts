import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../database/prisma-client';
import { parseInput } from '../http/parse-input';
import { anyStaff, requireStaff } from './staff-access';
import { entityId } from '../fields/text-fields';

const brandParams = z.object({ brandId: entityId });

export function registerStaffRoutes(app: FastifyInstance, db: Database): void {
  app.get('/api/brands/:brandId/staff', async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const rows = await db.membership.findMany({
      where: { brandId },
      include: { user: { select: { name: true, email: true } } },
      orderBy: { createdAt: 'asc' },
    });
    return { items: rows.map((row) => ({ userId: row.userId, name: row.user.name, email: row.user.email, role: row.role })) };
  });
}
