// GET /metrics for Prometheus, and the HTTP request metrics. Never public in production: with METRICS_TOKEN set
// it needs `Authorization: Bearer <token>` in any mode; without one, production does not serve it and embedded
// mode answers loopback callers only.
import { route } from '../http/typed-route';
import { healthRoutes } from '../health/health-schemas';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Mode } from '../config/config-schema';
import type { Database } from '../database/prisma-client';
import { AppError } from '../errors/app-error';
import { httpDuration, httpRequests, metricsRegistry, observeGauge } from './metrics';

export interface MetricsOptions {
  mode: Mode;
  token: string | null;
  db: Database;
}

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function authorized(request: FastifyRequest, options: MetricsOptions): boolean {
  if (options.token) {
    const given = Buffer.from(/^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '');
    const wanted = Buffer.from(options.token);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }
  return options.mode === 'embedded' && loopback.has(request.socket.remoteAddress ?? '');
}

/** Registers /metrics and the request hooks; returns what to undo on close. */
export function registerMetrics(http: FastifyInstance, options: MetricsOptions): () => void {
  http.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL: ids would make a series per order.
    const route = request.routeOptions.url ?? 'unmatched';
    httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  route(http, healthRoutes.metrics, async (request, reply) => {
    // A 404, like any unknown path: a scanner learns nothing.
    if (!authorized(request, options)) throw new AppError('NOT_FOUND', 'no route for GET /metrics');
    reply.header('content-type', metricsRegistry.contentType);
    return reply.send(await metricsRegistry.metrics());
  });
  return observeGauge('liveShows', () => options.db.show.count({ where: { status: 'LIVE' } }));
}
