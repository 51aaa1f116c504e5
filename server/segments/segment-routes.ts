import type { FastifyInstance } from 'fastify';
import { adminOnly, anyStaff, requireStaff } from '../accounts/staff-access';
import type { Database } from '../database/prisma-client';
import { parseInput } from '../http/parse-input';
import { segmentInputSchema, segmentRoutes as routes } from './segment-schemas';
import {
  countMatching,
  createSegment,
  deleteSegment,
  getSegment,
  listSegments,
  parseStoredFilter,
  updateSegment,
} from './segment-service';
import { route } from '../http/typed-route';
import { isoDates } from '../http/iso-dates';

const brandParams = routes.list.params;
const segmentParams = routes.get.params;
const countBody = routes.count.body;
const view = <Row extends { filter: unknown; createdAt: Date }>(row: Row) =>
  isoDates({ ...row, filter: parseStoredFilter(row.filter) });

export function registerSegmentRoutes(app: FastifyInstance, db: Database): void {
  route(app, routes.list, async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    return { items: (await listSegments(db, brandId)).map(view) };
  });

  // Live count while a filter is being edited, before it is saved.
  route(app, routes.count, async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const { filter } = parseInput(countBody, request.body);
    return { count: await countMatching(db, brandId, filter) };
  });

  route(app, routes.create, async (request, reply) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return reply.status(201).send(view(await createSegment(db, brandId, parseInput(segmentInputSchema, request.body))));
  });

  route(app, routes.get, async (request) => {
    const { brandId, segmentId } = parseInput(segmentParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const segment = await getSegment(db, brandId, segmentId);
    return { ...view(segment), count: await countMatching(db, brandId, segment.filter) };
  });

  route(app, routes.update, async (request) => {
    const { brandId, segmentId } = parseInput(segmentParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return view(await updateSegment(db, brandId, segmentId, parseInput(segmentInputSchema, request.body)));
  });

  route(app, routes.delete, async (request, reply) => {
    const { brandId, segmentId } = parseInput(segmentParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    await deleteSegment(db, brandId, segmentId);
    return reply.status(204).send();
  });
}
