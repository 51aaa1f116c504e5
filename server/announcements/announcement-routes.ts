import type { FastifyInstance } from 'fastify';
import { adminOnly, anyStaff, requireStaff } from '../accounts/staff-access';
import type { Database } from '../database/prisma-client';
import { parseInput } from '../http/parse-input';
import { announcementRoutes as routes, stepInputSchema } from './announcement-schemas';
import { route } from '../http/typed-route';
import { isoDates } from '../http/iso-dates';
import { createStep, deleteStep, getStep, listSteps, updateStep } from './announcement-service';
import { stepReport } from './step-report';
import { previewImage, previewStep } from './preview-step';
import type { RenderDeps } from './render-step';

const showParams = routes.list.params;
const stepParams = routes.get.params;
const imageParams = routes.previewImage.params;
const previewQuery = routes.preview.query;
/** The step's columns the console reads (the compiled template stays on the server). */
const stepView = <Step extends { template?: unknown; balloons: unknown; sendAt: Date | null; createdAt: Date }>({
  template: _template,
  balloons,
  ...step
}: Step) => ({
  ...isoDates(step),
  balloons: balloons as { [key: string]: unknown; type: string }[],
});

export function registerAnnouncementRoutes(app: FastifyInstance, db: Database, render: RenderDeps): void {
  route(app, routes.list, async (request) => {
    const { brandId, showId } = parseInput(showParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const steps = await listSteps(db, brandId, showId);
    const items = await Promise.all(
      steps.map(async (step) => ({ ...stepView(step), report: (await stepReport(db, step.id, step.status)).totals })),
    );
    return { items };
  });

  route(app, routes.create, async (request, reply) => {
    const { brandId, showId } = parseInput(showParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return reply
      .status(201)
      .send(stepView(await createStep(db, brandId, showId, parseInput(stepInputSchema, request.body))));
  });

  route(app, routes.get, async (request) => {
    const { brandId, stepId } = parseInput(stepParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const { show: _show, ...step } = await getStep(db, brandId, stepId);
    return stepView(step);
  });

  route(app, routes.update, async (request) => {
    const { brandId, stepId } = parseInput(stepParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const { show: _show, ...step } = await updateStep(db, brandId, stepId, parseInput(stepInputSchema, request.body));
    return stepView(step);
  });

  route(app, routes.delete, async (request, reply) => {
    const { brandId, stepId } = parseInput(stepParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    await deleteStep(db, brandId, stepId);
    return reply.status(204).send();
  });

  route(app, routes.preview, async (request) => {
    const { brandId, stepId } = parseInput(stepParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const { followerId } = parseInput(previewQuery, request.query);
    return previewStep(db, render, brandId, stepId, followerId ?? null);
  });

  route(app, routes.previewImage, async (request, reply) => {
    const { brandId, stepId, index } = parseInput(imageParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const { followerId } = parseInput(previewQuery, request.query);
    const image = await previewImage(db, render, brandId, stepId, index, followerId ?? null);
    return reply.header('content-type', 'image/jpeg').header('cache-control', 'private, no-store').send(image);
  });

  route(app, routes.report, async (request) => {
    const { brandId, stepId } = parseInput(stepParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const step = await getStep(db, brandId, stepId);
    return stepReport(db, step.id, step.status);
  });
}
