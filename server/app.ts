// The composition root of the platform's server: every route, port and adapter is wired here, once.
// server/main.ts passes the real parts; tests pass their own database, storage and so on.
import type { FastifyInstance } from 'fastify';
import type { MediaService } from '../media/media-service';
import { wireAnnouncements, type AnnouncementOptions } from './announcements/wire-announcements';
import { registerAccountRoutes } from './accounts/account-routes';
import { createSessionCache } from './accounts/session-cache';
import { registerStaffRoutes } from './accounts/staff-routes';
import { registerProductRoutes } from './catalog/product-routes';
import type { Commerce } from './commerce/create-commerce';
import { connectSalesToRealtime } from './commerce/realtime-sale-broadcaster';
import { connectSaleCommands } from './commerce/realtime-sale-commands';
import { registerCommerceRoutes } from './commerce/register-commerce-routes';
import type { Config } from './config/config-schema';
import type { Database } from './database/prisma-client';
import { registerHealthRoutes, type HealthChecks } from './health/health-routes';
import { clientAddressRule } from './http/client-address';
import { isApiPath } from './http/canonical-url';
import { createHttpServer } from './http/create-http-server';
import type { MailPort } from './mail/mail-port';
import { createOutboxMail } from './mail/outbox-mail';
import { registerMetrics } from './observability/metrics-route';
import { registerChatExportRoutes } from './realtime/chat/chat-export-routes';
import { createRealtime, type Realtime, type RealtimeTuning } from './realtime/create-realtime';
import { registerPublicShowRoutes } from './shows/public-show-routes';
import { createShowEvents, type ShowEvents } from './shows/show-events';
import { registerShowProductRoutes } from './shows/show-product-routes';
import { registerShowRoutes } from './shows/show-routes';
import { connectMedia } from './shows/connect-media';
import type { FileStorage } from './storage/file-storage';
import { registerUploadRoutes } from './storage/upload-routes';

/** Everything not under /api is handed to the Next.js request handler. */
export type WebHandler = (request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => Promise<void>;

export interface ApplicationDeps {
  config: Pick<Config, 'mode' | 'publicBaseUrl' | 'port'>;
  db: Database;
  storage: FileStorage;
  sessionSecret: string;
  web?: WebHandler;
  logLevel?: string;
  /** Extra health checks from services wired outside. */
  healthChecks?: HealthChecks;
  /** The media service (WHIP ingest, HLS); its stream events drive the show's status. */
  media?: MediaService;
  /** Announcement channels and whether this process runs the delivery worker. */
  announcements?: AnnouncementOptions;
  /** Realtime show rooms: without a Redis URL one node with the in-memory adapter. */
  realtime?: { redisUrl: string | null; keyPrefix?: string; tuning?: Partial<RealtimeTuning> };
  /** Where account mail goes; defaults to the commerce mail sender, else the outbox table. */
  mail?: MailPort;
  /** Flash sales, orders and payments (server/commerce/create-commerce.ts); the caller owns and closes it. */
  commerce?: Commerce;
  /** TRUST_PROXY: proxies whose X-Forwarded-For gives the client's address, for HTTP and socket limits alike. */
  trustedProxies?: string[];
  /** GET /metrics (server/observability/metrics-route.ts): the bearer token; null or absent = loopback in embedded mode only. */
  metricsToken?: string | null;
}

export interface Application {
  http: FastifyInstance;
  events: ShowEvents;
  /** Socket.IO show rooms; other services push to a show with realtime.emitToShow. */
  realtime: Realtime;
  close(): Promise<void>;
}

export async function createApplication(deps: ApplicationDeps): Promise<Application> {
  const { db, storage, config } = deps;
  const publicBaseUrl = config.publicBaseUrl ?? `http://localhost:${config.port}`;
  const cookiePolicy = { secure: publicBaseUrl.startsWith('https://') };
  const sessions = createSessionCache(db);
  const clientAddress = clientAddressRule(deps.trustedProxies ?? []);
  const http = await createHttpServer({
    sessions,
    cookiePolicy,
    logLevel: deps.logLevel ?? 'warn',
    // /api/t/unsubscribe/: RFC 8058 one-click unsubscribe POSTs come from mail clients, authenticated by a signed link.
    csrfExemptPrefixes: ['/api/media/whip', '/api/payments/webhooks/', '/api/t/unsubscribe/'],
    clientAddress,
    trustedOrigins: [publicBaseUrl],
  });
  const events = createShowEvents();
  const links = { storage, publicBaseUrl };
  const realtime = await createRealtime({
    httpServer: http.server,
    db,
    events,
    images: storage,
    logger: http.log,
    redisUrl: deps.realtime?.redisUrl ?? null,
    redisKeyPrefix: deps.realtime?.keyPrefix,
    allowedOrigins: [publicBaseUrl],
    tuning: deps.realtime?.tuning,
    clientAddress,
  });

  const unobserveMetrics = registerMetrics(http, { mode: config.mode, token: deps.metricsToken ?? null, db });
  registerHealthRoutes(http, config.mode, {
    database: async () => {
      await db.$queryRaw`SELECT 1`;
      return { ok: true };
    },
    ...(deps.media ? { media: () => ({ ...deps.media!.health() }) } : {}),
    realtime: () => realtime.health(),
    // The flash-sale writer has its own path to the database (raw SQL on Prisma's pool): a failure there broke every
    // flash sale while the database check above still passed (issue 11).
    ...(deps.commerce ? { commerce: () => deps.commerce!.ctx.writer.health() } : {}),
    ...deps.healthChecks,
  });
  const mail = deps.mail ?? deps.commerce?.ctx.mail ?? createOutboxMail(db);
  registerAccountRoutes(http, db, sessions, cookiePolicy, (token) => realtime.disconnectSession(token), {
    mail,
    links: { publicBaseUrl, secret: deps.sessionSecret },
    printLinks: config.mode === 'embedded',
  });
  registerStaffRoutes(http, db);
  registerUploadRoutes(http, storage);
  registerProductRoutes(http, db, storage);
  registerShowRoutes(http, { db, events, links, sessionSecret: deps.sessionSecret });
  registerShowProductRoutes(http, db, storage);
  registerPublicShowRoutes(http, db, links);
  registerChatExportRoutes(http, db);
  if (deps.media) connectMedia(deps.media, http, db, events);
  if (deps.commerce) {
    await registerCommerceRoutes(http, deps.commerce, config.mode);
    connectSalesToRealtime(deps.commerce, realtime);
    connectSaleCommands(deps.commerce.ctx, realtime, sessions);
  }
  const announcements = wireAnnouncements(http, { db, storage, events, publicBaseUrl, sessionSecret: deps.sessionSecret }, deps.announcements);

  if (deps.web) {
    const web = deps.web;
    http.all('/*', async (request, reply) => {
      if (isApiPath(request.url)) return reply.callNotFound();
      reply.hijack();
      await web(request.raw, reply.raw);
    });
  }

  return {
    http,
    events,
    realtime,
    async close() {
      unobserveMetrics();
      await announcements.close();
      await realtime.close();
      events.removeAllListeners();
      await http.close();
    },
  };
}
