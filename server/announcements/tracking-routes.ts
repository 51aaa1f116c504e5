import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { attributionCookie } from '../analytics/analytics-hooks';
import type { Database } from '../database/prisma-client';
import { AppError } from '../errors/app-error';
import { parseInput } from '../http/parse-input';
import { optOutByDelivery, recordClick, recordOpen } from './delivery-tracking';
import { deliveryIdSchema } from './enqueue-deliveries';
import { deliveryImage } from './preview-step';
import { signLink, type RenderDeps } from './render-step';
import { announcementRoutes as routes } from './announcement-schemas';
import { route } from '../http/typed-route';

const id = routes.open.params.shape.deliveryId;
const signed = routes.open.query;
const pixel = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

function verify(secret: string, given: string, ...parts: (string | number)[]): void {
  const expected = Buffer.from(signLink(secret, ...parts));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual))
    throw new AppError('NOT_FOUND', 'link not found');
}

/** Links followers reach from outside the app (email, push, LINE). Each is signed; a bad signature is a 404. */
export function registerTrackingRoutes(app: FastifyInstance, db: Database, render: RenderDeps): void {
  route(app, routes.deliveryImage, async (request, reply) => {
    // No signature: the delivery id carries 76 random bits (a random UUID in older rows) only its recipient sees.
    const { deliveryId, index } = parseInput(
      z.object({ deliveryId: deliveryIdSchema, index: z.coerce.number().int().min(0).max(2) }),
      request.params,
    );
    const image = await deliveryImage(db, render, deliveryId, index);
    return reply.header('content-type', 'image/jpeg').header('cache-control', 'private, max-age=86400').send(image);
  });

  route(app, routes.open, async (request, reply) => {
    const { deliveryId } = parseInput(z.object({ deliveryId: id }), request.params);
    verify(render.linkSecret, parseInput(signed, request.query).s, 'o', deliveryId);
    await recordOpen(db, deliveryId);
    return reply.header('content-type', 'image/gif').header('cache-control', 'no-store').send(pixel);
  });

  route(app, routes.clickLink, async (request, reply) => {
    const { deliveryId, index } = parseInput(
      z.object({ deliveryId: id, index: z.coerce.number().int().min(0).max(99) }),
      request.params,
    );
    verify(render.linkSecret, parseInput(signed, request.query).s, 'c', deliveryId, index);
    const target = await recordClick(db, deliveryId, index);
    if (!target) throw new AppError('NOT_FOUND', 'link not found');
    reply.header('set-cookie', attributionCookie(deliveryId, index, render.publicBaseUrl.startsWith('https://')));
    return reply.redirect(target, 302);
  });

  const unsubscribe = async (request: { params: unknown; query: unknown }) => {
    const { deliveryId } = parseInput(z.object({ deliveryId: id }), request.params);
    verify(render.linkSecret, parseInput(signed, request.query).s, 'u', deliveryId);
    await optOutByDelivery(db, deliveryId);
  };
  // GET from the link in the email; POST is RFC 8058 one-click unsubscribe from the mail client.
  route(app, routes.unsubscribePage, async (request, reply) => {
    await unsubscribe(request);
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .send(
        '<!doctype html><meta name="viewport" content="width=device-width"><p style="font-family:sans-serif">You will no longer receive these messages on this channel.</p>',
      );
  });
  app.register(async (scope) => {
    // Mail clients send `List-Unsubscribe=One-Click` form-encoded; the body carries nothing we need.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 1024 },
      (_request, _body, done) => done(null, {}),
    );
    route(scope, routes.unsubscribeOneClick, async (request, reply) => {
      await unsubscribe(request);
      return reply.status(204).send();
    });
  });
}
