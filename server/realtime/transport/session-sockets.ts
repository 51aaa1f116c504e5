// Sockets follow the session they were opened with (issue 11: a socket kept chatting as the user after sign-out).
// Each signed-in socket joins a room named after its session; signing out disconnects that room on every node
// (Socket.IO sends the disconnect through the adapter), and each node sweeps its own sockets for sessions that
// expired or were deleted some other way. Room names carry the token's hash, never the token.
import { createHash } from 'node:crypto';
import type { Database } from '../../database/prisma-client';
import type { RealtimeLogger } from './realtime-logger';
import { handshakeSessionToken } from './socket-auth';
import type { RealtimeServer, RealtimeSocket } from './socket-types';

const roomPrefix = 'session:';
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
export const sessionRoom = (token: string) => `${roomPrefix}${tokenHash(token)}`;

/** On connection: a signed-in socket joins its session's room (a recovered one leaves a room of another session). */
export function joinSessionRoom(socket: RealtimeSocket): void {
  const token = socket.data.viewer ? handshakeSessionToken(socket) : undefined;
  const own = token ? sessionRoom(token) : null;
  for (const room of socket.rooms) if (room.startsWith(roomPrefix) && room !== own) void socket.leave(room);
  if (own) void socket.join(own);
}

/** Disconnects every socket opened with this session token, on every node. */
export function disconnectSession(io: RealtimeServer, token: string): void {
  io.in(sessionRoom(token)).disconnectSockets(true);
}

/** Every `intervalMs`, this node's signed-in sockets whose session expired or no longer exists are disconnected. */
export function sweepEndedSessions(
  io: RealtimeServer,
  db: Database,
  intervalMs: number,
  logger: RealtimeLogger,
): () => void {
  let busy = false;
  const sweep = async () => {
    const byHash = new Map<string, RealtimeSocket[]>();
    for (const socket of io.of('/').sockets.values()) {
      const token = socket.data.viewer ? handshakeSessionToken(socket) : undefined;
      if (!token) continue;
      const hash = tokenHash(token);
      byHash.set(hash, [...(byHash.get(hash) ?? []), socket]);
    }
    const hashes = [...byHash.keys()];
    for (let at = 0; at < hashes.length; at += 1000) {
      const slice = hashes.slice(at, at + 1000);
      const live = await db.session.findMany({
        where: { tokenHash: { in: slice }, expiresAt: { gt: new Date() } },
        select: { tokenHash: true },
      });
      const alive = new Set(live.map((row) => row.tokenHash));
      for (const hash of slice) if (!alive.has(hash)) for (const socket of byHash.get(hash)!) socket.disconnect(true);
    }
  };
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    sweep()
      .catch((error: unknown) =>
        logger.warn({ err: error }, 'realtime: checking open sockets’ sessions failed; trying again later'),
      )
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
