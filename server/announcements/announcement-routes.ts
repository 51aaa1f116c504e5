import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { adminOnly, anyStaff, requireStaff } from '../accounts/staff-access';
import type { Database } from '../database/prisma-client';
import { parseInput } from '../http/parse-input';
import { stepInputSchema } from './announcement-schemas';
import { createStep, deleteStep, getStep, listSteps, updateStep } from './announcement-service';
import { stepReport } from './step-report';
import { previewImage, previewStep } from './preview-step';
import type { RenderDeps } from './render-step';
import { entityId } from '../fields/text-fields';

const id = entityId;
const showParams = z.object({ brandId: id, showId: id });
const stepParams = z.object({ brandId: id, stepId: id });
const imageParams = stepParams.extend({ index: z.coerce.number().int().min(0).max(2) });
const previewQuery = z.object({ followerId: id.optional() });

export function registerAnnouncementRoutes(app: FastifyInstance, db: Database, render: RenderDeps): void {
  app.get('/api/brands/:brandId/shows/:showId/announcements', async (request) => {
    const { brandId, showId } = parseInput(showParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const steps = await listSteps(db, brandId, showId);
    const items = await Promise.all(steps.map(async (step) => ({ ...step, report: (await stepReport(db, step.id, step.status)).totals })));
    return { items };
  });

  app.post('/api/brands/:brandId/shows/:showId/announcements', async (request, reply) => {
    const { brandId, showId } = parseInput(showParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return reply.status(201).send(await createStep(db, brandId, showId, parseInput(stepInputSchema, request.body)));
  });

  app.get('/api/brands/:brandId/announcements/:stepId', async (request) => {
    const { brandId, stepId } = parseInput(stepParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const { show: _show, ...step } = await getStep(db, brandId, stepId);
    return step;
  });

  app.patch('/api/brands/:brandId/announcements/:stepId', async (request) => {
    const { brandId, stepId } = parseInput(stepParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const { show: _show, ...step } = await updateStep(db, brandId, stepId, parseInput(stepInputSchema, request.body));
    return step;
  });

  app.delete('/api/brands/:brandId/announcements/:stepId', async (request, reply) => {
    const { brandId, stepId } = parseInput(stepParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    await deleteStep(db, brandId, stepId);
    return reply.status(204).send();
  });

  app.get('/api/brands/:brandId/announcements/:stepId/preview', async (request) => {
    const { brandId, stepId } = parseInput(stepParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const { followerId } = parseInput(previewQuery, request.query);
    return previewStep(db, render, brandId, stepId, followerId ?? null);
  });

  app.get('/api/brands/:brandId/announcements/:stepId/preview-images/:index', async (request, reply) => {
    const { brandId, stepId, index } = parseInput(imageParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const { followerId } = parseInput(previewQuery, request.query);
    const image = await previewImage(db, render, brandId, stepId, index, followerId ?? null);
    return reply.header('content-type', 'image/jpeg').header('cache-control', 'private, no-store').send(image);
  });

  app.get('/api/brands/:brandId/announcements/:stepId/report', async (request) => {
    const { brandId, stepId } = parseInput(stepParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const step = await getStep(db, brandId, stepId);
    return stepReport(db, step.id, step.status);
  });
}
