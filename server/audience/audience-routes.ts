import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
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
import { bulkTag, bulkTagSchema, createTag, deleteTag, listTags, noteSchema, setNote, tagCreateSchema } from './follower-tags';
import { entityId } from '../fields/text-fields';

const id = entityId;
const brandParams = z.object({ brandId: id });
const followerParams = brandParams.extend({ followerId: id });
const tagParams = brandParams.extend({ tagId: id });

export function registerAudienceRoutes(app: FastifyInstance, db: Database, push: { vapidPublicKey: string | null }): void {
  // ---- the viewer's side: follow, preferences, push ----
  app.get('/api/brands/:brandId/follow', async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    if (!request.viewer) return { following: false, preferences: null };
    return followStatus(db, request.viewer, brandId);
  });
  app.post('/api/brands/:brandId/follow', async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    const viewer = requireViewer(request.viewer);
    const status = await followBrand(db, viewer, brandId);
    await copyPushSubscriptions(db, viewer, brandId);
    return status;
  });
  app.delete('/api/brands/:brandId/follow', async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    return unfollowBrand(db, requireViewer(request.viewer), brandId);
  });
  app.patch('/api/brands/:brandId/follow', async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    return updatePreferences(db, requireViewer(request.viewer), brandId, parseInput(followPreferencesSchema, request.body));
  });
  app.get('/api/push/config', async () => ({ vapidPublicKey: push.vapidPublicKey }));
  app.post('/api/me/push-subscriptions', async (request) => {
    const viewer = requireViewer(request.viewer);
    return { brands: await savePushSubscription(db, viewer, parseInput(pushSubscriptionSchema, request.body)) };
  });

  // ---- the brand's side: audience, tags, notes, import ----
  app.get('/api/brands/:brandId/followers', async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, customerReaders);
    return listFollowers(db, brandId, parseInput(followerListQuerySchema, request.query));
  });
  app.get('/api/brands/:brandId/followers/:followerId', async (request) => {
    const { brandId, followerId } = parseInput(followerParams, request.params);
    requireStaff(request.viewer, brandId, customerReaders);
    return getFollower(db, brandId, followerId);
  });
  app.patch('/api/brands/:brandId/followers/:followerId/note', async (request) => {
    const { brandId, followerId } = parseInput(followerParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    await setNote(db, brandId, followerId, parseInput(noteSchema, request.body).note);
    return getFollower(db, brandId, followerId);
  });
  app.post('/api/brands/:brandId/followers/tags', async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return bulkTag(db, brandId, parseInput(bulkTagSchema, request.body));
  });
  app.get('/api/brands/:brandId/tags', async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, customerReaders);
    return { items: await listTags(db, brandId) };
  });
  app.post('/api/brands/:brandId/tags', async (request, reply) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    return reply.status(201).send(await createTag(db, brandId, parseInput(tagCreateSchema, request.body)));
  });
  app.delete('/api/brands/:brandId/tags/:tagId', async (request, reply) => {
    const { brandId, tagId } = parseInput(tagParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    await deleteTag(db, brandId, tagId);
    return reply.status(204).send();
  });

  // CSV import: the body is streamed straight into the parser; the answer is NDJSON, one progress line per batch
  // and a final {"type":"done"} line with every bad row, so the console can show progress on 100,000 rows.
  app.register(async (scope) => {
    scope.addContentTypeParser(['text/csv', 'application/octet-stream'], (_request, payload, done) => done(null, payload));
    scope.post('/api/brands/:brandId/followers/import', async (request, reply) => {
      const { brandId } = parseInput(brandParams, request.params);
      requireStaff(request.viewer, brandId, adminOnly);
      const body = request.body as NodeJS.ReadableStream | undefined;
      if (!body || typeof (body as { pipe?: unknown }).pipe !== 'function') throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the file as text/csv');
      const out = new PassThrough();
      reply.header('content-type', 'application/x-ndjson; charset=utf-8').header('cache-control', 'no-store');
      void importFollowersCsv(db, brandId, body as import('node:stream').Readable, (progress) => out.write(`${JSON.stringify({ type: 'progress', ...progress })}\n`))
        .then((result) => out.end(`${JSON.stringify({ type: 'done', ...result })}\n`))
        .catch(() => out.end(`${JSON.stringify({ type: 'done', fatal: 'the import stopped unexpectedly' })}\n`));
      return reply.send(out);
    });
  });
}
