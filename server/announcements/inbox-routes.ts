import type { FastifyInstance } from 'fastify';
import { attributionCookie } from '../analytics/analytics-hooks';
import { requireViewer } from '../accounts/staff-access';
import type { EventBus } from '../realtime/event-bus';
import type { Database } from '../database/prisma-client';
import { AppError } from '../errors/app-error';
import { parseInput } from '../http/parse-input';
import { clickInboxBalloon, listInbox, markAllRead, markRead, unreadCount } from './inbox-service';
import { announcementRoutes as routes } from './announcement-schemas';
import { route } from '../http/typed-route';

export const maxStreamsPerUser = 6;

const deliveryParams = routes.markRead.params;

/** Returns a function that ends every open event stream (on shutdown, so closing the server does not wait on them). */
export function registerInboxRoutes(app: FastifyInstance, db: Database, bus: EventBus | null): () => void {
  const streams = new Set<import('node:http').ServerResponse>();
  const streamsPerUser = new Map<string, number>();
  route(app, routes.inbox, async (request) => {
    const viewer = requireViewer(request.viewer);
    const { cursor } = parseInput(routes.inbox.query, request.query);
    const page = await listInbox(db, viewer.userId, cursor);
    // Only SENT deliveries are listed, and sending stamps sentAt.
    return {
      ...page,
      items: page.items.map((item) => ({ ...item, sentAt: (item.sentAt ?? new Date()).toISOString() })),
    };
  });

  route(app, routes.unreadCount, async (request) => ({
    count: await unreadCount(db, requireViewer(request.viewer).userId),
  }));

  route(app, routes.markRead, async (request, reply) => {
    const { deliveryId } = parseInput(deliveryParams, request.params);
    await markRead(db, requireViewer(request.viewer).userId, deliveryId);
    return reply.status(204).send();
  });

  route(app, routes.markAllRead, async (request, reply) => {
    await markAllRead(db, requireViewer(request.viewer).userId);
    return reply.status(204).send();
  });

  route(app, routes.click, async (request, reply) => {
    const { deliveryId } = parseInput(deliveryParams, request.params);
    const { balloonIndex } = parseInput(routes.click.body, request.body);
    const url = await clickInboxBalloon(db, requireViewer(request.viewer).userId, deliveryId, balloonIndex);
    reply.header('set-cookie', attributionCookie(deliveryId, balloonIndex, request.protocol === 'https'));
    return { url };
  });

  // Server-sent events: the bell learns about new messages without polling. Only "changed" is ever sent.
  route(app, routes.events, async (request, reply) => {
    const viewer = requireViewer(request.viewer);
    // Each stream holds a socket and a listener: a person with a few tabs open is fine, a script opening hundreds is not.
    const open = streamsPerUser.get(viewer.userId) ?? 0;
    if (open >= maxStreamsPerUser)
      throw new AppError(
        'RATE_LIMITED',
        `at most ${maxStreamsPerUser} live inbox connections at a time; close another tab`,
      );
    streamsPerUser.set(viewer.userId, open + 1);
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.write('retry: 10000\n\n');
    const onChange = ({ userId }: { userId: string }) => {
      if (userId === viewer.userId) response.write('event: changed\ndata: {}\n\n');
    };
    const keepAlive = setInterval(() => response.write(': ping\n\n'), 25_000);
    const unsubscribe = bus?.subscribe('inbox:changed', onChange) ?? (() => {});
    streams.add(response);
    request.raw.on('close', () => {
      const left = (streamsPerUser.get(viewer.userId) ?? 1) - 1;
      if (left > 0) streamsPerUser.set(viewer.userId, left);
      else streamsPerUser.delete(viewer.userId);
      clearInterval(keepAlive);
      unsubscribe();
      streams.delete(response);
    });
  });

  return () => {
    for (const response of streams) response.end();
  };
}
