import type { FastifyInstance } from 'fastify';
import { adminOnly, anyStaff, requireStaff } from '../accounts/staff-access';
import { parseInput } from '../http/parse-input';
import { route } from '../http/typed-route';
import { forgetLineMenu, syncLineMenus, type LineMenuDeps } from './line-menu-sync';
import { lineTapTarget, menuForViewer, menuPreview, recordMenuEvent, type TagsChanged } from './menu-display';
import { menuRoutes as routes } from './menu-schemas';
import { createMenu, deleteMenu, listMenus, updateMenu } from './menu-service';

export function registerMenuRoutes(app: FastifyInstance, deps: LineMenuDeps & { tagsChanged: TagsChanged }): void {
  const { db, storage } = deps;

  route(app, routes.list, async (request) => {
    const { brandId } = parseInput(routes.list.params, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    return { items: await listMenus(db, storage, brandId) };
  });

  route(app, routes.create, async (request, reply) => {
    const { brandId } = parseInput(routes.create.params, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return reply.status(201).send(await createMenu(db, storage, brandId, parseInput(routes.create.body, request.body)));
  });

  route(app, routes.update, async (request) => {
    const { brandId, menuId } = parseInput(routes.update.params, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return updateMenu(db, storage, brandId, menuId, parseInput(routes.update.body, request.body));
  });

  route(app, routes.delete, async (request, reply) => {
    const { brandId, menuId } = parseInput(routes.delete.params, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const deleted = await deleteMenu(db, brandId, menuId);
    await forgetLineMenu(deps, brandId, deleted).catch((error: unknown) =>
      request.log.warn({ err: error, brandId, menuId }, 'menus: LINE kept a deleted menu'),
    );
    return reply.status(204).send();
  });

  route(app, routes.preview, async (request) => {
    const { brandId } = parseInput(routes.preview.params, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const { followerId } = parseInput(routes.preview.query, request.query);
    return menuPreview(db, storage, brandId, followerId);
  });

  route(app, routes.syncLine, async (request) => {
    const { brandId } = parseInput(routes.syncLine.params, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return syncLineMenus(deps, brandId);
  });

  route(app, routes.shown, async (request) => {
    const { brandId } = parseInput(routes.shown.params, request.params);
    const { menuId } = parseInput(routes.shown.query, request.query);
    return menuForViewer(db, storage, brandId, { userId: request.viewer?.userId ?? null, menuId });
  });

  route(app, routes.event, async (request, reply) => {
    const { brandId, menuId } = parseInput(routes.event.params, request.params);
    const body = parseInput(routes.event.body, request.body);
    await recordMenuEvent(db, { brandId, menuId, userId: request.viewer?.userId ?? null, ...body }, deps.tagsChanged);
    return reply.status(204).send();
  });

  route(app, routes.go, async (request, reply) => {
    const { menuId, areaIndex } = parseInput(routes.go.params, request.params);
    return reply.redirect(await lineTapTarget(db, menuId, areaIndex, deps.publicBaseUrl), 302);
  });
}
