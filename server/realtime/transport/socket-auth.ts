import { randomBytes } from 'node:crypto';
import type { Socket } from 'socket.io';
import type { SessionCache } from '../../accounts/session-cache';
import { sessionCookie } from '../../http/session-cookies';
import { handshakeAuthSchema, type SocketViewer } from '../contract';
import type { RealtimeSocket } from './socket-types';

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return undefined;
}

/** The session token the socket's handshake carried (re-checked by commands that move money). */
export function handshakeSessionToken(socket: RealtimeSocket): string | undefined {
  return readCookie((socket as unknown as Socket).handshake.headers.cookie, sessionCookie);
}

/**
 * Handshake middleware: the session cookie (same origin as the page) identifies a signed-in viewer;
 * everyone else watches anonymously. A failed lookup never refuses the connection, it just means anonymous.
 * The handshake always reads the database (a session revoked there loses a reconnecting socket at once) and
 * leaves the answer in the HTTP requests' session cache, so the messages a client sends next need no lookup.
 */
export function socketAuth(sessions: Pick<SessionCache, 'refresh'>) {
  return async (socket: Socket, next: (error?: Error) => void) => {
    const typed = socket as unknown as RealtimeSocket;
    let viewer: SocketViewer | null = null;
    try {
      const session = await sessions.refresh(readCookie(socket.handshake.headers.cookie, sessionCookie));
      if (session) {
        viewer = {
          userId: session.userId,
          name: session.name,
          roles: Object.fromEntries([...session.roles].map(([brandId, roles]) => [brandId, [...roles]])),
        };
      }
    } catch (error) {
      typed.data.viewer = null;
      return next(new Error('the session could not be checked; try again'));
    }
    const auth = handshakeAuthSchema.parse(socket.handshake.auth ?? {});
    typed.data.viewer = viewer;
    typed.data.anonId = auth.anonId ?? randomBytes(12).toString('base64url');
    typed.data.showId ??= null;
    next();
  };
}
