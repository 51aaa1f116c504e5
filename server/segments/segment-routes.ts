import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { adminOnly, anyStaff, requireStaff } from '../accounts/staff-access';
import type { Database } from '../database/prisma-client';
import { parseInput } from '../http/parse-input';
import { boundedSegmentFilterSchema } from './segment-filter';
import { countMatching, createSegment, deleteSegment, getSegment, listSegments, segmentInputSchema, updateSegment } from './segment-service';
import { entityId } from '../fields/text-fields';

const brandParams = z.object({ brandId: entityId });
const segmentParams = brandParams.extend({ segmentId: entityId });
const countBody = z.strictObject({ filter: boundedSegmentFilterSchema.nullable() });

export function registerSegmentRoutes(app: FastifyInstance, db: Database): void {
  app.get('/api/brands/:brandId/segments', async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    return { items: await listSegments(db, brandId) };
  });

  // Live count while a filter is being edited, before it is saved.
  app.post('/api/brands/:brandId/segments/count', async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const { filter } = parseInput(countBody, request.body);
    return { count: await countMatching(db, brandId, filter) };
  });

  app.post('/api/brands/:brandId/segments', async (request, reply) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return reply.status(201).send(await createSegment(db, brandId, parseInput(segmentInputSchema, request.body)));
  });

  app.get('/api/brands/:brandId/segments/:segmentId', async (request) => {
    const { brandId, segmentId } = parseInput(segmentParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const segment = await getSegment(db, brandId, segmentId);
    return { ...segment, count: await countMatching(db, brandId, segment.filter) };
  });

  app.patch('/api/brands/:brandId/segments/:segmentId', async (request) => {
    const { brandId, segmentId } = parseInput(segmentParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return updateSegment(db, brandId, segmentId, parseInput(segmentInputSchema, request.body));
  });

  app.delete('/api/brands/:brandId/segments/:segmentId', async (request, reply) => {
    const { brandId, segmentId } = parseInput(segmentParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    await deleteSegment(db, brandId, segmentId);
    return reply.status(204).send();
  });
}
