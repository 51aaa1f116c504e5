import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { SessionCache } from '../accounts/session-cache';
import type { Viewer } from '../accounts/session-store';
import { AppError } from '../errors/app-error';
import { clientAddressRule, type ClientAddressRule } from './client-address';
import { bindRequestIds, requestIdOptions } from '../observability/request-log';
import { canonicalUrl, isApiPath } from './canonical-url';
import { installErrorHandler } from './error-handler';
import { registerOpenApi } from './openapi';
import { findNulCharacter } from './nul-guard';
import { assertSameOrigin } from './origin-check';
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
  /** Origins whose pages may send mutations besides the request's own host (PUBLIC_BASE_URL). */
  trustedOrigins: string[];
  /** Tests: an answer that does not match its route's response schema fails (server/http/openapi.ts). */
  checkResponses?: boolean;
}

const mutating = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function createHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const addresses = options.clientAddress ?? clientAddressRule([]);
  // Paths refused while canonicalising: the router still needs a URL, the first hook answers 400.
  const refusedPaths = new WeakMap<IncomingMessage, string>();
  const app = Fastify({
    logger: { level: options.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] },
    bodyLimit: 1024 * 1024,
    // Long ids reach zod and get VALIDATION_FAILED rather than the router's bare 414.
    routerOptions: { maxParamLength: 2000 },
    trustProxy: (address: string) => addresses.trusts(address),
    rewriteUrl: (request) => {
      const canonical = canonicalUrl(request.url ?? '/');
      if (canonical.problem) refusedPaths.set(request, canonical.problem);
      return canonical.url;
    },
    // A path the router cannot decode (`%ZZ`) gets our error shape, not Fastify's.
    frameworkErrors: (error, _request, reply) => {
      const refusal = new AppError(
        'BAD_PATH',
        error.code === 'FST_ERR_BAD_URL' ? 'the path could not be read' : 'the path is too long',
      );
      void (reply as FastifyReply).status(refusal.status).send(refusal.toBody());
    },
    ...requestIdOptions,
  });
  bindRequestIds(app);
  installErrorHandler(app);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 5 } });
  await app.register(rateLimit, { global: false });
  await registerOpenApi(app, { checkResponses: options.checkResponses ?? false });

  app.decorateRequest('viewer', null);
  app.decorateRequest('clientAddress', {
    getter() {
      return addresses.of(this.raw);
    },
  });
  // Callback hooks: a session this process already knows is set without a promise (every request runs these).
  app.addHook('onRequest', (request, _reply, done) => {
    const problem = refusedPaths.get(request.raw);
    if (problem) return done(new AppError('BAD_PATH', problem));
    if (!isApiPath(request.url)) return done();
    if (mutating.has(request.method) && !options.csrfExemptPrefixes.some((prefix) => request.url.startsWith(prefix))) {
      try {
        assertSameOrigin(request, options.trustedOrigins);
        assertCsrf(request);
      } catch (error) {
        return done(error as Error);
      }
    }
    const token = request.cookies[sessionCookie];
    const known = options.sessions.known(token);
    if (known !== undefined) {
      request.viewer = known;
      return done();
    }
    options.sessions.resolve(token).then((viewer) => {
      request.viewer = viewer;
      done();
    }, done);
  });
  // U+0000 cannot be stored in PostgreSQL text; refuse it in any body before a schema or a query sees it.
  app.addHook('preValidation', (request, _reply, done) => {
    const at = findNulCharacter(request.body);
    if (at === null) return done();
    done(
      new AppError('VALIDATION_FAILED', `${at || 'body'}: remove control characters`, {
        [at || '_']: 'remove control characters',
      }),
    );
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send(new AppError('NOT_FOUND', `no route for ${request.method} ${request.url.split('?')[0]}`).toBody());
  });
  return app;
}
