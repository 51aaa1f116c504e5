import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { WebFollowHook } from './audience-module';
import { adminOnly, anyStaff, requireStaff, requireViewer } from '../accounts/staff-access';

/** Reading the audience: every staff role, and client advisors (who see chats and customers, nothing else). */
const customerReaders = [...anyStaff, 'ADVISOR' as const];
import type { Database } from '../database/prisma-client';
import { AppError } from '../errors/app-error';
import { parseInput } from '../http/parse-input';
import { importFollowersCsv } from './csv-import';
import {
  copyPushSubscriptions,
  followBrand,
  followPreferencesSchema,
  followStatus,
  pushSubscriptionSchema,
  savePushSubscription,
  unfollowBrand,
  updatePreferences,
} from './follow-brand';
import { followerListQuerySchema, getFollower, listFollowers } from './follower-queries';
import {
  bulkTag,
  bulkTagSchema,
  createTag,
  deleteTag,
  listTags,
  noteSchema,
  setNote,
  tagCreateSchema,
} from './follower-tags';
import type { z } from 'zod';
import { audienceRoutes as routes, type importLineSchema } from './audience-schemas';
import { route } from '../http/typed-route';
import { isoDates } from '../http/iso-dates';

const brandParams = routes.followers.params;
const followerParams = routes.follower.params;
const tagParams = routes.deleteTag.params;

export function registerAudienceRoutes(
  app: FastifyInstance,
  db: Database,
  options: { vapidPublicKey: string | null; followHooks: readonly WebFollowHook[] },
): void {
  // ---- the viewer's side: follow, preferences, push ----
  route(app, routes.followStatus, async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    if (!request.viewer) return { following: false, preferences: null };
    return followStatus(db, request.viewer, brandId);
  });
  route(app, routes.follow, async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    const viewer = requireViewer(request.viewer);
    const { newFollowerId, ...status } = await followBrand(db, viewer, brandId);
    await copyPushSubscriptions(db, viewer, brandId);
    // A first follow on the site is a follow like one on LINE: the brand's welcome (automation) goes out.
    if (newFollowerId)
      for (const hook of options.followHooks)
        void hook({ brandId, followerId: newFollowerId }).catch((error: unknown) =>
          request.log.warn({ err: error, brandId }, 'audience: a follow hook failed'),
        );
    return status;
  });
  route(app, routes.unfollow, async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    return unfollowBrand(db, requireViewer(request.viewer), brandId);
  });
  route(app, routes.preferences, async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    return updatePreferences(
      db,
      requireViewer(request.viewer),
      brandId,
      parseInput(followPreferencesSchema, request.body),
    );
  });
  route(app, routes.pushConfig, async () => ({ vapidPublicKey: options.vapidPublicKey }));
  route(app, routes.pushSubscription, async (request) => {
    const viewer = requireViewer(request.viewer);
    return { brands: await savePushSubscription(db, viewer, parseInput(pushSubscriptionSchema, request.body)) };
  });

  // ---- the brand's side: audience, tags, notes, import ----
  route(app, routes.followers, async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, customerReaders);
    return listFollowers(db, brandId, parseInput(followerListQuerySchema, request.query));
  });
  route(app, routes.follower, async (request) => {
    const { brandId, followerId } = parseInput(followerParams, request.params);
    requireStaff(request.viewer, brandId, customerReaders);
    return getFollower(db, brandId, followerId);
  });
  route(app, routes.note, async (request) => {
    const { brandId, followerId } = parseInput(followerParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    await setNote(db, brandId, followerId, parseInput(noteSchema, request.body).note);
    return getFollower(db, brandId, followerId);
  });
  route(app, routes.bulkTag, async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return bulkTag(db, brandId, parseInput(bulkTagSchema, request.body));
  });
  route(app, routes.tags, async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, customerReaders);
    return { items: (await listTags(db, brandId)).map(isoDates) };
  });
  route(app, routes.createTag, async (request, reply) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return reply.status(201).send(isoDates(await createTag(db, brandId, parseInput(tagCreateSchema, request.body))));
  });
  route(app, routes.deleteTag, async (request, reply) => {
    const { brandId, tagId } = parseInput(tagParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    await deleteTag(db, brandId, tagId);
    return reply.status(204).send();
  });

  // CSV import: the body is streamed straight into the parser; the answer is NDJSON, one progress line per batch
  // and a final {"type":"done"} line with every bad row, so the console can show progress on 100,000 rows.
  app.register(async (scope) => {
    scope.addContentTypeParser(['text/csv', 'application/octet-stream'], (_request, payload, done) =>
      done(null, payload),
    );
    route(scope, routes.importCsv, async (request, reply) => {
      const { brandId } = parseInput(brandParams, request.params);
      requireStaff(request.viewer, brandId, adminOnly);
      const body = request.body as NodeJS.ReadableStream | undefined;
      if (!body || typeof (body as { pipe?: unknown }).pipe !== 'function')
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the file as text/csv');
      const out = new PassThrough();
      reply.header('content-type', 'application/x-ndjson; charset=utf-8').header('cache-control', 'no-store');
      const line = (value: z.input<typeof importLineSchema>) => `${JSON.stringify(value)}\n`;
      void importFollowersCsv(db, brandId, body as import('node:stream').Readable, (progress) =>
        out.write(line({ type: 'progress', ...progress })),
      )
        .then((result) => out.end(line({ type: 'done', ...result })))
        .catch(() => out.end(line({ type: 'done', fatal: 'the import stopped unexpectedly' })));
      return reply.send(out);
    });
  });
}
