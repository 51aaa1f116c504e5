// The composition root of the platform's server: every route, port and adapter is wired here, once.
// server/main.ts passes the real parts; tests pass their own database, storage and so on.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { MediaService } from '../media/media-service';
import { createSessionCache, sharedSessionTtlMs } from './accounts/session-cache';
import { cuesModule } from './cues/cues-module';
import { wallMediaClock } from './cues/media-clock';
import { createPlaylistMediaClock } from './cues/playlist-media-clock';
import { accountsModule } from './accounts/accounts-module';
import { analyticsModule } from './analytics/analytics-module';
import { announcementsModule, type AnnouncementOptions } from './announcements/announcements-module';
import { appointmentsModule, type AppointmentOptions } from './appointments/appointments-module';
import { audienceModule } from './audience/audience-module';
import { automationModule } from './automation/automation-module';
import { brandsModule } from './brands/brands-module';
import { rolesOf, startModules, type Platform, type PlatformModule } from './boot/platform-module';
import { catalogModule } from './catalog/catalog-module';
import { channelsModule } from './channels/channels-module';
import type { Commerce } from './commerce/create-commerce';
import { commerceModule } from './commerce/commerce-module';
import { conversationsModule, type ConversationsModule } from './conversations/conversations-module';
import type { Config } from './config/config-schema';
import type { Database } from './database/prisma-client';
import { registerHealthRoutes, type HealthChecks } from './health/health-routes';
import { clientAddressRule } from './http/client-address';
import { isApiPath } from './http/canonical-url';
import { createHttpServer } from './http/create-http-server';
import type { MailPort } from './mail/mail-port';
import { createOutboxMail } from './mail/outbox-mail';
import { createSmtpMail } from './mail/smtp-mail';
import { lineModule } from './line/line-module';
import { lineWebhookPrefix } from './line/line-routes';
import { mediaModule } from './media/media-module';
import { menusModule, type MenusOptions } from './menus/menus-module';
import { offersModule } from './offers/offers-module';
import { registerMetrics } from './observability/metrics-route';
import { paymentsModule } from './payments/payments-module';
import { createRealtime, type Realtime, type RealtimeTuning } from './realtime/create-realtime';
import { createRealtimePublisher } from './realtime/realtime-publisher';
import { createMemoryEventBus, createRedisEventBus } from './realtime/event-bus';
import { realtimeModule } from './realtime/realtime-module';
import { segmentsModule } from './segments/segments-module';
import { createShowEvents, type ShowEvents } from './shows/show-events';
import { showsModule } from './shows/shows-module';
import { surveysModule } from './surveys/surveys-module';
import type { FileStorage } from './storage/file-storage';

/** Everything not under /api is handed to the Next.js request handler. */
export type WebHandler = (
  request: import('node:http').IncomingMessage,
  response: import('node:http').ServerResponse,
) => Promise<void>;

export interface ApplicationDeps {
  /** main.ts passes the whole config (modules then build their services from it, and ROLE applies); tests pass three fields. */
  config: Platform['config'];
  db: Database;
  storage: FileStorage;
  sessionSecret: string;
  web?: WebHandler;
  logLevel?: string;
  /** Extra health checks from services wired outside. */
  healthChecks?: HealthChecks;
  /** Tests: their own media service (WHIP ingest, HLS); its stream events drive the show's status. */
  media?: MediaService;
  /** Tests: announcement channels and whether the delivery worker runs. */
  announcements?: AnnouncementOptions;
  /** Tests: whether the appointment hold sweep and reminders run, and how often. */
  appointments?: AppointmentOptions;
  /** Realtime show rooms: without a Redis URL one node with the in-memory adapter. */
  realtime?: { redisUrl: string | null; keyPrefix?: string; tuning?: Partial<RealtimeTuning> };
  /** Where account mail goes; defaults to the commerce mail sender, else SMTP when configured, else the outbox table. */
  mail?: MailPort;
  /** Tests: their own flash sales, orders and payments service (server/commerce/create-commerce.ts); they close it. */
  commerce?: Commerce;
  /** TRUST_PROXY: proxies whose X-Forwarded-For gives the client's address, for HTTP and socket limits alike. */
  trustedProxies?: string[];
  /** GET /metrics (server/observability/metrics-route.ts): the bearer token; null or absent = loopback in embedded mode only. */
  metricsToken?: string | null;
  /** Tests: their own conversations module, to register hooks (as the automation module does) or reach its context. */
  conversations?: ConversationsModule;
  /** Tests: the LINE Messaging API's address (a local stand-in); main.ts leaves it to LINE_API_BASE_URL. */
  lineApiBaseUrl?: string;
  /** Tests: how often the worker re-links LINE followers to their segment's menu. */
  menus?: Pick<MenusOptions, 'lineSyncEveryMs'>;
  /** JSON logs for the parts outside HTTP requests (commerce jobs, media streams); main.ts passes its process logger. */
  processLog?: Platform['processLog'];
  /** Tests: an answer that does not match its route's response schema is a 500 (server/http/openapi.ts). */
  checkResponses?: boolean;
}

export interface Application {
  http: FastifyInstance;
  events: ShowEvents;
  /** Socket.IO show rooms; other services push to a show with realtime.emitToShow. */
  realtime: Realtime;
  /** The modules this process's ROLE runs, in order. */
  modules: string[];
  close(): Promise<void>;
}

export async function createApplication(deps: ApplicationDeps): Promise<Application> {
  const { db, storage, config } = deps;
  const publicBaseUrl = config.publicBaseUrl ?? `http://localhost:${config.port}`;
  const cookiePolicy = { secure: publicBaseUrl.startsWith('https://') };
  // Sign-outs are shared over the event bus below, so sessions can stay cached for a minute.
  const sessions = createSessionCache(db, sharedSessionTtlMs);
  const clientAddress = clientAddressRule(deps.trustedProxies ?? []);
  const http = await createHttpServer({
    sessions,
    cookiePolicy,
    logLevel: deps.logLevel ?? 'warn',
    // /api/t/unsubscribe/: RFC 8058 one-click unsubscribe POSTs come from mail clients, authenticated by a signed link.
    csrfExemptPrefixes: ['/api/media/whip', '/api/payments/webhooks/', '/api/t/unsubscribe/', lineWebhookPrefix],
    clientAddress,
    trustedOrigins: [publicBaseUrl],
    checkResponses: deps.checkResponses,
  });
  const events = createShowEvents();
  const roles = rolesOf(config.role);
  const redisUrl = deps.realtime?.redisUrl ?? null;
  const bus = redisUrl
    ? await createRedisEventBus(redisUrl, deps.realtime?.keyPrefix ?? 'livecart:')
    : createMemoryEventBus();
  const unshareSessions = sessions.share(bus);
  // Commerce cues' media timeline: the show's PDT offset from its playlist where the media files are on this disk.
  const mediaClock = config.dataDir ? createPlaylistMediaClock(path.join(config.dataDir, 'hls')) : wallMediaClock;
  const realtimeOptions = {
    db,
    sessions,
    events,
    redisUrl,
    redisKeyPrefix: deps.realtime?.keyPrefix,
    logger: http.log,
    bus,
  };
  // Realtime nodes hold the sockets; every other process publishes to their rooms through Redis.
  const realtime = roles.has('realtime')
    ? await createRealtime({
        ...realtimeOptions,
        httpServer: http.server,
        images: storage,
        mediaClock,
        allowedOrigins: [publicBaseUrl],
        tuning: deps.realtime?.tuning,
        clientAddress,
      })
    : await createRealtimePublisher(realtimeOptions);
  // Account mail (sign-up links): the caller's, else the commerce sender tests pass, else SMTP when configured.
  const ownMail =
    (deps.mail ?? deps.commerce?.ctx.mail)
      ? null
      : config.smtpUrl && config.mailFrom
        ? createSmtpMail(config.smtpUrl, config.mailFrom)
        : createOutboxMail(db);
  const mail = deps.mail ?? deps.commerce?.ctx.mail ?? ownMail!;
  const platform: Platform = {
    config,
    roles,
    db,
    storage,
    sessionSecret: deps.sessionSecret,
    sessions,
    cookiePolicy,
    events,
    realtime,
    bus,
    mediaClock,
    publicBaseUrl,
    mail,
    links: { storage, publicBaseUrl },
    log: http.log,
    processLog: deps.processLog,
  };

  // Every domain, once. Order matters only where one hands a service to another (channels before audience and
  // announcements, commerce before payments).
  const channels = channelsModule(deps.announcements);
  const commerce = commerceModule(deps.commerce);
  const conversations = deps.conversations ?? conversationsModule();
  const line = lineModule(conversations, { apiBaseUrl: deps.lineApiBaseUrl });
  conversations.offline.push = () => channels.personalPush();
  const audience = audienceModule(channels);
  const menus = menusModule({ lineApiBaseUrl: deps.lineApiBaseUrl, ...deps.menus });
  const modules: PlatformModule[] = [
    accountsModule,
    catalogModule,
    showsModule,
    brandsModule,
    realtimeModule,
    cuesModule,
    commerce,
    paymentsModule(commerce),
    channels,
    audience,
    segmentsModule,
    announcementsModule(channels, deps.announcements),
    mediaModule(deps.media),
    conversations,
    line,
    automationModule(conversations, line, audience),
    analyticsModule(),
    appointmentsModule(deps.appointments),
    offersModule,
    menus,
    surveysModule(menus, conversations, line),
  ];
  const running = await startModules(modules, platform, http);
  const unobserveMetrics = registerMetrics(http, { mode: config.mode, token: deps.metricsToken ?? null, db });
  registerHealthRoutes(http, config.mode, {
    database: async () => {
      await db.$queryRaw`SELECT 1`;
      return { ok: true };
    },
    ...running.health,
    ...deps.healthChecks,
  });

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
    modules: running.names,
    async close() {
      unobserveMetrics();
      await running.close();
      await realtime.close();
      unshareSessions();
      await bus.close();
      await ownMail?.close();
      events.removeAllListeners();
      await http.close();
    },
  };
}
