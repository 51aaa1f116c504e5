// Structured request logs: Fastify's pino logger writes JSON lines; every line a request logs carries its
// request id (taken from the proxy's X-Request-Id when it looks like one) and the show and order it is about.
import { randomUUID } from 'node:crypto';
import {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';

const requestIdPattern = /^[A-Za-z0-9._:-]{8,128}$/;

/** Requests with a bound child logger (made on first use, below) whose info lines are off. */
const infoOff = new WeakSet<object>();

/** Fastify's own request lines; "request completed" (info) is skipped up front when info is off for the request. */
class RequestLogController extends LogController {
  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
    metadata?: Record<string, unknown>,
  ): void {
    // reply.log would make the request's child logger only for pino to drop the line.
    if (!error && infoOff.has(request)) return;
    super.requestCompleted(error, request, reply, metadata);
  }
}

/** Fastify options for request ids: nginx's `$request_id` (or any client's) when well-formed, a UUID otherwise. */
export const requestIdOptions = {
  logController: new RequestLogController({ requestIdLogLabel: 'requestId' }),
  genReqId: (request) => {
    const given = request.headers['x-request-id'];
    return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
  },
} satisfies Pick<FastifyServerOptions, 'logController' | 'genReqId'>;

const boundParams = ['showId', 'orderId', 'brandId', 'saleId'] as const;

/**
 * Adds the route's show, order, brand and sale ids to the request's logger, and echoes the request id. The child
 * logger is made when a line is first logged for the request: most requests log nothing below the configured
 * level, and a child per request was a visible share of a crowd's server time (bench:appointments' burst).
 */
export function bindRequestIds(http: FastifyInstance): void {
  http.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    const params = request.params as Record<string, unknown> | undefined;
    let bindings: Record<string, unknown> | null = null;
    if (params)
      for (const name of boundParams) {
        const value = params[name];
        if (typeof value !== 'string') continue;
        bindings ??= {};
        bindings[name] = value;
      }
    if (!bindings) return done();
    const parent = request.log;
    if ((parent as { isLevelEnabled?(level: string): boolean }).isLevelEnabled?.('info') === false)
      infoOff.add(request);
    let child: FastifyBaseLogger | null = null;
    // Both: handlers log through the request, Fastify's "request completed" line through the reply.
    const log = {
      configurable: true,
      enumerable: true,
      get: () => (child ??= parent.child(bindings)),
      set: (value: FastifyBaseLogger) => {
        child = value;
      },
    };
    Object.defineProperty(request, 'log', log);
    Object.defineProperty(reply, 'log', log);
    done();
  });
}
