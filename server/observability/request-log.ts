// Structured request logs: Fastify's pino logger writes JSON lines; every line a request logs carries its
// request id (taken from the proxy's X-Request-Id when it looks like one) and the show and order it is about.
import { randomUUID } from 'node:crypto';
import { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';

const requestIdPattern = /^[A-Za-z0-9._:-]{8,128}$/;

/** Fastify options for request ids: nginx's `$request_id` (or any client's) when well-formed, a UUID otherwise. */
export const requestIdOptions = {
  logController: new LogController({ requestIdLogLabel: 'requestId' }),
  genReqId: (request) => {
    const given = request.headers['x-request-id'];
    return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
  },
} satisfies Pick<FastifyServerOptions, 'logController' | 'genReqId'>;

const boundParams = ['showId', 'orderId', 'brandId', 'saleId'] as const;

/** Adds the route's show, order, brand and sale ids to the request's logger, and echoes the request id. */
export function bindRequestIds(http: FastifyInstance): void {
  http.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const params = (request.params ?? {}) as Record<string, unknown>;
    const bindings = Object.fromEntries(
      boundParams.filter((name) => typeof params[name] === 'string').map((name) => [name, params[name]]),
    );
    if (!Object.keys(bindings).length) return;
    // Both: handlers log through the request, Fastify's "request completed" line through the reply.
    request.log = request.log.child(bindings);
    reply.log = request.log;
  });
}
