// Structured request logs: Fastify's pino logger writes JSON lines; every line a request logs carries its
// request id (taken from the proxy's X-Request-Id when it looks like one) and the show and order it is about.
import { randomUUID } from 'node:crypto';
import { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';

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

type LogArgs = Parameters<FastifyBaseLogger['info']>;

/**
 * A request's logger bound to its route's ids, made into a pino child only when a line is written at a level that
 * is on: most requests write none (Fastify's own "request completed" line is info), and a child per request was a
 * visible share of a crowd's server time (bench:appointments' burst). Methods on a prototype, so a request costs
 * one small object.
 */
class BoundLogger implements FastifyBaseLogger {
  #child: FastifyBaseLogger | null = null;
  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Record<string, unknown>,
  ) {}
  private get bound(): FastifyBaseLogger {
    this.#child ??= this.parent.child(this.bindings);
    return this.#child;
  }
  get level(): FastifyBaseLogger['level'] {
    return (this.#child ?? this.parent).level;
  }
  set level(level: FastifyBaseLogger['level']) {
    this.bound.level = level;
  }
  isLevelEnabled(level: string): boolean {
    // pino's loggers answer; a logger without the method (a test double) writes every level.
    const logger = (this.#child ?? this.parent) as FastifyBaseLogger & { isLevelEnabled?(level: string): boolean };
    return logger.isLevelEnabled?.(level) !== false;
  }
  child(...args: Parameters<FastifyBaseLogger['child']>): FastifyBaseLogger {
    return this.bound.child(...args);
  }
  fatal(...args: LogArgs): void {
    if (this.isLevelEnabled('fatal')) this.bound.fatal(...args);
  }
  error(...args: LogArgs): void {
    if (this.isLevelEnabled('error')) this.bound.error(...args);
  }
  warn(...args: LogArgs): void {
    if (this.isLevelEnabled('warn')) this.bound.warn(...args);
  }
  info(...args: LogArgs): void {
    if (this.isLevelEnabled('info')) this.bound.info(...args);
  }
  debug(...args: LogArgs): void {
    if (this.isLevelEnabled('debug')) this.bound.debug(...args);
  }
  trace(...args: LogArgs): void {
    if (this.isLevelEnabled('trace')) this.bound.trace(...args);
  }
  silent(...args: LogArgs): void {
    this.bound.silent(...args);
  }
}

/** Adds the route's show, order, brand and sale ids to the request's logger, and echoes the request id. */
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
    // Both: handlers log through the request, Fastify's "request completed" line through the reply.
    request.log = new BoundLogger(request.log, bindings);
    reply.log = request.log;
    done();
  });
}
