import type { FastifyInstance } from 'fastify';
import { adminOnly, anyStaff, hasRole, requireStaff } from '../accounts/staff-access';
import type { Database } from '../database/prisma-client';
import { AppError } from '../errors/app-error';
import { parseInput } from '../http/parse-input';
import type { ShowEvents } from './show-events';
import { showCreateSchema, showListQuerySchema, showPatchSchema, showRoutes as routes } from './show-schemas';
import { route } from '../http/typed-route';
import { cancelShow, createShow, getShow, listShows, rotateStreamKey, updateShow } from './show-service';
import { toShowView, type ShowLinks } from './show-view';
import { issueStudioToken } from './stream-keys';

const brandParams = routes.list.params;
const showParams = routes.get.params;

export interface ShowRouteDeps {
  db: Database;
  events: ShowEvents;
  links: ShowLinks;
  sessionSecret: string;
}

export function registerShowRoutes(app: FastifyInstance, { db, events, links, sessionSecret }: ShowRouteDeps): void {
  const view = (show: Parameters<typeof toShowView>[0]) => toShowView(show, links);

  route(app, routes.list, async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const page = await listShows(db, brandId, parseInput(showListQuerySchema, request.query));
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  });

  route(app, routes.create, async (request, reply) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const { show, streamKey } = await createShow(db, brandId, parseInput(showCreateSchema, request.body));
    return reply.status(201).send({ show: view(show), streamKey });
  });

  route(app, routes.get, async (request) => {
    const { brandId, showId } = parseInput(showParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    return view(await getShow(db, brandId, showId));
  });

  route(app, routes.update, async (request) => {
    const { brandId, showId } = parseInput(showParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return view(await updateShow(db, events, brandId, showId, parseInput(showPatchSchema, request.body)));
  });

  route(app, routes.cancel, async (request) => {
    const { brandId, showId } = parseInput(showParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return view(await cancelShow(db, events, brandId, showId));
  });

  route(app, routes.rotateStreamKey, async (request) => {
    const { brandId, showId } = parseInput(showParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return rotateStreamKey(db, brandId, showId);
  });

  // The assigned host (or a brand admin) gets a short-lived token for the browser studio's WHIP session.
  route(app, routes.studioToken, async (request) => {
    const { brandId, showId } = parseInput(showParams, request.params);
    const viewer = requireStaff(request.viewer, brandId, ['ADMIN', 'HOST']);
    const show = await getShow(db, brandId, showId);
    if (!hasRole(viewer, brandId, adminOnly) && show.hostId !== viewer.userId) {
      throw new AppError('FORBIDDEN', 'only the assigned host or a brand admin can go live with this show');
    }
    const { token, expiresAt } = issueStudioToken(sessionSecret, show.id, viewer.userId);
    return { token, expiresAt: expiresAt.toISOString(), whipUrl: '/api/media/whip' };
  });
}
