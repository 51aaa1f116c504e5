// The realtime service's composition root: Socket.IO on the platform's HTTP server, the in-memory adapter or
// Redis Streams across nodes, and the show room's domain (chat, moderation, reactions, presence, pins).
import { randomBytes } from 'node:crypto';
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server } from 'socket.io';
import type { Database } from '../database/prisma-client';
import { clientAddressRule, type ClientAddressRule } from '../http/client-address';
import { observeGauge, socketConnections } from '../observability/metrics';
import type { ShowEvents } from '../shows/show-events';
import { ChatHistory } from './chat/chat-history';
import { ChatWriter } from './chat/chat-writer';
import { registerChatHandlers } from './chat-handlers';
import {
  brandStaffEvents,
  serverEventSchemas,
  showBroadcastEvents,
  userEvents,
  type BrandStaffEvent,
  type ServerEventPayload,
  type ShowBroadcastEvent,
  type UserEvent,
} from './contract';
import type { EventBus } from './event-bus';
import { registerModerationHandlers } from './moderation-handlers';
import { RestrictionCache } from './moderation/restriction-cache';
import { listPins, type ImageLinks } from './pins/pinned-products';
import { AudienceStats } from './presence/audience-stats';
import { PresenceTracker } from './presence/presence-tracker';
import { createMemoryViewerTally, createRedisViewerTally } from './presence/viewer-tally';
import { ReactionAggregator } from './reactions/reaction-aggregator';
import { type MediaClock, wallMediaClock } from '../cues/media-clock';
import type { ChatListener, JoinStateProvider, RealtimeServices } from './realtime-services';
import { recheckRestoredRooms, registerRoomHandlers } from './room-handlers';
import { ShowContextCache } from './show-context';
import { bridgeShowEvents } from './show-status-bridge';
import { CommandRouter } from './transport/command-router';
import { FreshLoader } from './transport/fresh-loader';
import { corkWebSocketWrites } from './transport/corked-websocket-writes';
import { deliverToRecoveringSockets } from './transport/recovering-sockets';
import { connectRedisFanout, type RedisFanout } from './transport/redis-fanout';
import { silentLogger, type RealtimeLogger } from './transport/realtime-logger';
import { emitScoped, joinAccountRooms } from './transport/account-rooms';
import { accountRoom, brandChatRoom, showRoom } from './transport/room-names';
import { socketAuth } from './transport/socket-auth';
import type { SessionCache } from '../accounts/session-cache';
import { resolveSession } from '../accounts/session-store';
import { disconnectSession, joinSessionRoom, sweepEndedSessions } from './transport/session-sockets';
import type { RealtimeServer, RealtimeSocket } from './transport/socket-types';
import { KeyedLimiter } from './transport/token-bucket';
import { StockCoalescer } from './stock-coalescer';
import { RoomBatcher } from './room-batcher';

export interface RealtimeOptions {
  httpServer: HttpServer;
  db: Database;
  /** The HTTP requests' session cache: a socket's handshake and the requests that follow share one lookup. */
  sessions?: SessionCache;
  /** null: one node, in-memory adapter. */
  redisUrl: string | null;
  /** Prefix for every Redis key and channel (tests and benchmarks use a random one). */
  redisKeyPrefix?: string;
  events: ShowEvents;
  images: ImageLinks;
  /** Pins are cues on this media timeline (server/cues); the wall clock when absent. */
  mediaClock?: MediaClock;
  logger?: RealtimeLogger;
  /** Origins allowed to open sockets besides the request's own host (the public base URL). */
  allowedOrigins?: string[];
  tuning?: Partial<RealtimeTuning>;
  /** TRUST_PROXY as a rule (server/http/client-address.ts); absent: no proxy is trusted. */
  clientAddress?: ClientAddressRule;
  /** The process-level event bus (server/realtime/event-bus.ts): inbox changes reach the account rooms through it. */
  bus?: EventBus;
}

export interface RealtimeTuning {
  /** Reaction frames per room: one per this many ms. 0 broadcasts every reaction at once (the naive way, for comparison). */
  reactionFrameMs: number;
  /** Room-wide events of a show leave this node as one frame per this many ms. 0: every event is its own frame (naive). */
  roomFrameMs: number;
  presenceIntervalMs: number;
  statsIntervalMs: number;
  chatPerUser: { capacity: number; perSecond: number };
  /** Anonymous chat per remote address (guests behind one address share it). */
  chatPerAddress: { capacity: number; perSecond: number };
  commandsPerConnection: { capacity: number; perSecond: number };
  /** How often each node disconnects its sockets whose session expired or was deleted. */
  sessionSweepMs: number;
}

const defaultTuning: RealtimeTuning = {
  reactionFrameMs: 100,
  roomFrameMs: 100,
  presenceIntervalMs: 1000,
  statsIntervalMs: 2000,
  chatPerUser: { capacity: 5, perSecond: 0.5 },
  chatPerAddress: { capacity: 10, perSecond: 1 },
  commandsPerConnection: { capacity: 20, perSecond: 10 },
  sessionSweepMs: 30_000,
};

export interface RealtimeHealth {
  ok: boolean;
  status: 'ok' | 'degraded';
  adapter: 'memory' | 'redis';
  redis?: 'up' | 'down';
  connections: number;
  [detail: string]: unknown;
}

export type CommandRegistration = (socket: RealtimeSocket, router: CommandRouter) => void;

export interface Realtime {
  /** Broadcast to a show's room on every node (validated against the contract). */
  emitToShow<E extends ShowBroadcastEvent>(showId: string, event: E, payload: ServerEventPayload<E>): void;
  /** To every socket of one signed-in account, on every node (validated against the contract). */
  emitToUser<E extends UserEvent>(userId: string, event: E, payload: ServerEventPayload<E>): void;
  /** To the sockets of a brand's chat staff (admins and client advisors), on every node. */
  emitToBrandStaff<E extends BrandStaffEvent>(brandId: string, event: E, payload: ServerEventPayload<E>): void;
  /** Adds to the snapshot a joiner gets (e.g. current flash sales); called on every join. */
  registerJoinStateProvider(provider: JoinStateProvider): void;
  /** Lets another service answer client commands of the contract (e.g. sale:reserve) on every new connection. */
  registerCommands(register: CommandRegistration): void;
  /** Lets another service react to chat messages once sent (e.g. the brand's order keyword). */
  onChatMessage(listener: ChatListener): void;
  /** Sign-out: disconnects every socket opened with this session token, on every node. */
  disconnectSession(token: string): void;
  health(): Promise<RealtimeHealth>;
  close(): Promise<void>;
  readonly io: RealtimeServer;
}

function originCheck(allowed: string[]) {
  const origins = new Set(allowed.map((url) => new URL(url).origin));
  return (request: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void) => {
    const origin = request.headers.origin;
    if (!origin) return callback(null, true); // not a browser (server-side clients, tests)
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      return callback('bad origin', false);
    }
    callback(null, host === request.headers.host || origins.has(origin));
  };
}

export async function createRealtime(options: RealtimeOptions): Promise<Realtime> {
  const tuning = { ...defaultTuning, ...options.tuning };
  const logger = options.logger ?? silentLogger;
  const nodeId = randomBytes(6).toString('hex');
  const keyPrefix = options.redisKeyPrefix ?? 'livecart:';
  let redisUp = true;
  const fanout: RedisFanout | null = options.redisUrl
    ? await connectRedisFanout(options.redisUrl, keyPrefix, (up) => {
        if (up !== redisUp)
          logger[up ? 'info' : 'warn'](
            { nodeId },
            up ? 'realtime: Redis is back' : 'realtime: Redis unreachable; serving local rooms only',
          );
        redisUp = up;
      })
    : null;

  const io: RealtimeServer = new Server(options.httpServer, {
    serveClient: false,
    transports: ['websocket', 'polling'],
    maxHttpBufferSize: 64 * 1024,
    // Next.js (dev) upgrades its own websockets on the same server; leave them alone.
    destroyUpgrade: false,
    allowRequest: originCheck(options.allowedOrigins ?? []),
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    ...(fanout ? { adapter: fanout.adapter } : {}),
  });
  // Broadcasts sent while a recovered session is in the middlewares would be lost otherwise (see the file).
  deliverToRecoveringSockets(io.of('/'));
  // A batch of frames for one socket leaves in one write (see the file).
  corkWebSocketWrites(io);
  const clustered = Boolean(fanout);
  const contexts = new ShowContextCache(options.db);
  const stats = new AudienceStats(options.db, logger, tuning.statsIntervalMs);
  const writer = new ChatWriter(options.db, logger);
  const restrictions = new RestrictionCache(options.db);

  const batcher = new RoomBatcher(tuning.roomFrameMs, (showId, events) =>
    io.to(showRoom(showId)).emit('room:batch', { events }),
  );
  const wholeShow = /^show:([^:]+)$/;
  const broadcast: RealtimeServices['broadcast'] = (rooms, event, payload) => {
    const checked = serverEventSchemas[event].parse(payload) as ServerEventPayload<typeof event>;
    const showId = typeof rooms === 'string' && tuning.roomFrameMs > 0 ? wholeShow.exec(rooms)?.[1] : undefined;
    if (showId) return batcher.push(showId, event, checked);
    (io.to(rooms).emit as (e: string, p: unknown) => boolean)(event, checked);
  };
  // One node: reactions and counts ride in the same frames as chat. Several nodes: each node sends its own
  // sockets the cluster-wide sums (see ReactionAggregator), so those stay local frames.
  const localFrame = (showId: string, event: 'reaction:burst' | 'presence:count-changed', payload: unknown) => {
    if (!clustered && tuning.roomFrameMs > 0) return batcher.push(showId, event, payload);
    (io.local.to(showRoom(showId)).emit as (e: string, p: unknown) => boolean)(event, payload);
  };
  const presence = new PresenceTracker({
    nodeId,
    intervalMs: tuning.presenceIntervalMs,
    publish: (report) => clustered && io.serverSideEmit('presence:report', report),
    // Not volatile: a volatile packet is dropped whenever the socket is still writing the previous one, which
    // under chat load loses most frames.
    emitLocal: (showId, viewers) => localFrame(showId, 'presence:count-changed', { viewers }),
    observe: (showId, viewers) => stats.observe(showId, viewers),
  });
  const reactions = new ReactionAggregator({
    nodeId,
    frameMs: Math.max(tuning.reactionFrameMs, 10),
    publish: (batch) => clustered && io.serverSideEmit('reaction:batch', batch),
    emitLocal: (showId, counts) => localFrame(showId, 'reaction:burst', { counts }),
  });
  if (tuning.reactionFrameMs === 0) {
    // Naive mode for the benchmark's comparison: every tap becomes its own broadcast to the whole room.
    reactions.add = (showId, kind) => void io.to(showRoom(showId)).emit('reaction:burst', { counts: { [kind]: 1 } });
  }

  const services: RealtimeServices = {
    io,
    db: options.db,
    logger,
    images: options.images,
    mediaClock: options.mediaClock ?? wallMediaClock,
    contexts,
    history: new ChatHistory(options.db, writer, contexts),
    pins: new FreshLoader((showId) => listPins(options.db, options.images, showId)),
    presence,
    reactions,
    tally: fanout ? createRedisViewerTally(fanout.client, keyPrefix) : createMemoryViewerTally(),
    stats,
    chat: {
      db: options.db,
      userLimiter: new KeyedLimiter(tuning.chatPerUser.capacity, tuning.chatPerUser.perSecond),
      addressLimiter: new KeyedLimiter(tuning.chatPerAddress.capacity, tuning.chatPerAddress.perSecond),
      lastSentAt: new Map(),
      restrictions,
      writer,
    },
    clientAddress: options.clientAddress ?? clientAddressRule([]),
    joinStateProviders: [],
    chatListeners: [],
    broadcast,
    contextChanged(showId, brandId) {
      contexts.invalidate(showId);
      restrictions.invalidate(showId);
      contexts.invalidateBrand(brandId);
      if (clustered) io.serverSideEmit('show:context-changed', { showId, brandId });
    },
  };

  io.on('presence:report', (report) => presence.onReport(report));
  io.on('reaction:batch', (batch) => reactions.addRemote(batch));
  io.on('show:context-changed', ({ showId, brandId }) => {
    contexts.invalidate(showId);
    restrictions.invalidate(showId);
    contexts.invalidateBrand(brandId);
  });

  const registrations: CommandRegistration[] = [];
  io.use(socketAuth(options.sessions ?? { refresh: (token) => resolveSession(options.db, token) }));
  io.use(recheckRestoredRooms(services));
  const unobserve = [
    observeGauge('sockets', () => io.engine.clientsCount),
    observeGauge('viewers', () => presence.localViewers()),
  ];
  io.on('connection', (socket) => {
    joinSessionRoom(socket);
    joinAccountRooms(socket);
    socketConnections.inc();
    const router = new CommandRouter(socket, { commands: tuning.commandsPerConnection, floodThreshold: 50 }, logger);
    registerRoomHandlers(services, socket, router);
    registerChatHandlers(services, socket, router);
    registerModerationHandlers(services, socket, router);
    for (const register of registrations) register(socket, router);
  });

  const unbridge = bridgeShowEvents(options.events, {
    emit: (showId, payload) => broadcast(showRoom(showId), 'show:status-changed', payload),
    changed: (showId) => contexts.invalidate(showId),
  });
  // The inbox's live update: whichever process delivered, the bus tells every node, each its own sockets.
  const unsubscribeInbox =
    options.bus?.subscribe(
      'inbox:changed',
      ({ userId }) => void io.local.to(accountRoom(userId)).emit('inbox:changed', {}),
    ) ?? (() => {});
  const stopSessionSweep = sweepEndedSessions(io, options.db, tuning.sessionSweepMs, logger);
  const stock = new StockCoalescer(100, (showId, payload) =>
    broadcast(showRoom(showId), 'sale:stock-changed', payload),
  );

  let closed: Promise<void> | null = null;
  return {
    io,
    emitToShow(showId, event, payload) {
      if (!(showBroadcastEvents as readonly string[]).includes(event))
        throw new Error(`${event} cannot be sent with emitToShow`);
      // Validate now, so a caller's bad payload throws at its call site and not later in a timer.
      if (event === 'sale:stock-changed')
        return stock.push(showId, serverEventSchemas['sale:stock-changed'].parse(payload));
      if (event === 'sale:ended') stock.flushSale(showId, (payload as ServerEventPayload<'sale:ended'>).saleId);
      broadcast(showRoom(showId), event, payload);
    },
    emitToUser(userId, event, payload) {
      emitScoped(io, userEvents, accountRoom(userId), event, payload);
    },
    emitToBrandStaff(brandId, event, payload) {
      emitScoped(io, brandStaffEvents, brandChatRoom(brandId), event, payload);
    },
    registerJoinStateProvider(provider) {
      services.joinStateProviders.push(provider);
    },
    registerCommands(register) {
      registrations.push(register);
    },
    onChatMessage(listener) {
      services.chatListeners.push(listener);
    },
    disconnectSession: (token) => disconnectSession(io, token),
    async health() {
      const connections = io.engine.clientsCount;
      if (!fanout) return { ok: true, status: 'ok', adapter: 'memory', connections };
      const up = await fanout.ping();
      return up
        ? { ok: true, status: 'ok', adapter: 'redis', redis: 'up', connections }
        : {
            ok: false,
            status: 'degraded',
            adapter: 'redis',
            redis: 'down',
            connections,
            note: 'serving this node’s rooms only',
          };
    },
    close() {
      closed ??= (async () => {
        unbridge();
        unsubscribeInbox();
        stopSessionSweep();
        for (const stop of unobserve) stop();
        stock.close();
        batcher.close();
        presence.close();
        reactions.close();
        await stats.close();
        await writer.close();
        io.local.disconnectSockets(true);
        // Not io.close(): that would also close the HTTP server, which belongs to the platform.
        io.engine.close();
        io.of('/').adapter.close();
        await fanout?.close();
      })();
      return closed;
    },
  };
}
