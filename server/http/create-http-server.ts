import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import type { SessionCache } from '../accounts/session-cache';
import type { Viewer } from '../accounts/session-store';
import { AppError } from '../errors/app-error';
import { clientAddressRule, type ClientAddressRule } from './client-address';
import { bindRequestIds, requestIdOptions } from '../observability/request-log';
import { installErrorHandler } from './error-handler';
import { assertCsrf, sessionCookie, type CookiePolicy } from './session-cookies';

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer | null;
    /** The client's address by TRUST_PROXY (server/http/client-address.ts), the same rule the sockets use. */
    readonly clientAddress: string;
  }
}

export interface HttpServerOptions {
  sessions: SessionCache;
  cookiePolicy: CookiePolicy;
  logLevel: string;
  /** Mutating routes that authenticate by signature or bearer token, not by cookie. */
  csrfExemptPrefixes: string[];
  clientAddress?: ClientAddressRule;
}

const mutating = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function createHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const addresses = options.clientAddress ?? clientAddressRule([]);
  const app = Fastify({
    logger: { level: options.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] },
    bodyLimit: 1024 * 1024,
    // Long ids reach zod and get VALIDATION_FAILED rather than the router's bare 414.
    routerOptions: { maxParamLength: 2000 },
    trustProxy: (address: string) => addresses.trusts(address),
    ...requestIdOptions,
  });
  bindRequestIds(app);
  installErrorHandler(app);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 5 } });
  await app.register(rateLimit, { global: false });

  app.decorateRequest('viewer', null);
  app.decorateRequest('clientAddress', { getter() { return addresses.of(this.raw); } });
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    if (mutating.has(request.method) && !options.csrfExemptPrefixes.some((prefix) => request.url.startsWith(prefix))) {
      assertCsrf(request);
    }
    request.viewer = await options.sessions.resolve(request.cookies[sessionCookie]);
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(new AppError('NOT_FOUND', `no route for ${request.method} ${request.url.split('?')[0]}`).toBody());
  });
  return app;
}
