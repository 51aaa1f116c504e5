// Show-room broadcasts from a process that holds no sockets (ROLE=web, media or worker): a Socket.IO server not
// attached to any HTTP server, on the same Redis Streams adapter as the realtime nodes, so a sale started over
// HTTP, a hold expired by the worker or a stream going live on the media node reaches every viewer, and a viewer
// who reconnects to another node recovers it like any other broadcast.
import { Server } from 'socket.io';
import type { ShowEvents } from '../shows/show-events';
import { brandStaffEvents, serverEventSchemas, showBroadcastEvents, userEvents } from './contract';
import type { Realtime } from './create-realtime';
import { emitScoped } from './transport/account-rooms';
import { bridgeShowEvents } from './show-status-bridge';
import { connectRedisFanout } from './transport/redis-fanout';
import { silentLogger, type RealtimeLogger } from './transport/realtime-logger';
import { accountRoom, brandChatRoom, showRoom } from './transport/room-names';
import { disconnectSession } from './transport/session-sockets';
import type { RealtimeServer } from './transport/socket-types';

export interface PublisherOptions {
  /** null (no Redis): there are no other nodes to reach, so broadcasts go nowhere; the process says so once. */
  redisUrl: string | null;
  redisKeyPrefix?: string;
  events: ShowEvents;
  logger?: RealtimeLogger;
}

export async function createRealtimePublisher(options: PublisherOptions): Promise<Realtime> {
  const logger = options.logger ?? silentLogger;
  let redisUp = true;
  const fanout = options.redisUrl
    ? await connectRedisFanout(options.redisUrl, options.redisKeyPrefix ?? 'livecart:', (up) => {
        redisUp = up;
      })
    : null;
  if (!fanout) logger.warn({}, 'realtime: no REDIS_URL, so this process cannot reach the realtime nodes’ show rooms');
  const io: RealtimeServer = new Server({ serveClient: false, ...(fanout ? { adapter: fanout.adapter } : {}) });
  const send = (showId: string, event: string, payload: unknown) =>
    (io.to(showRoom(showId)).emit as (e: string, p: unknown) => boolean)(event, payload);
  const unbridge = bridgeShowEvents(options.events, {
    emit: (showId, payload) =>
      send(showId, 'show:status-changed', serverEventSchemas['show:status-changed'].parse(payload)),
    // The realtime nodes cache the show's status; the brand is unchanged, so no brand-wide invalidation.
    changed: (showId) => io.serverSideEmit('show:context-changed', { showId, brandId: '' }),
  });
  let closed: Promise<void> | null = null;
  return {
    io,
    emitToShow(showId, event, payload) {
      if (!(showBroadcastEvents as readonly string[]).includes(event))
        throw new Error(`${event} cannot be sent with emitToShow`);
      send(showId, event, serverEventSchemas[event].parse(payload));
    },
    emitToUser: (userId, event, payload) => emitScoped(io, userEvents, accountRoom(userId), event, payload),
    emitToBrandStaff: (brandId, event, payload) =>
      emitScoped(io, brandStaffEvents, brandChatRoom(brandId), event, payload),
    // Commands and join snapshots are answered by the nodes that hold the sockets (their own modules' parts).
    registerJoinStateProvider() {},
    registerCommands() {},
    onChatMessage() {},
    // Sign-out on a web process: the session's room is disconnected on every realtime node through the adapter.
    disconnectSession: (token) => disconnectSession(io, token),
    async health() {
      if (!fanout)
        return { ok: true, status: 'ok', adapter: 'memory', connections: 0, note: 'publisher without Redis' };
      const up = redisUp && (await fanout.ping());
      return up
        ? { ok: true, status: 'ok', adapter: 'redis', redis: 'up', connections: 0 }
        : { ok: false, status: 'degraded', adapter: 'redis', redis: 'down', connections: 0 };
    },
    close() {
      closed ??= (async () => {
        unbridge();
        io.of('/').adapter.close();
        await fanout?.close();
      })();
      return closed;
    },
  };
}
