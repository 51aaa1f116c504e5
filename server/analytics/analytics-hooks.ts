// The one call each recording point makes (show room, commerce, announcement links). Each is synchronous and
// O(1): it finds this process's recorder through the database client and pushes into memory; no recorder, no-op.
import type { Socket } from 'socket.io';
import type { Database } from '../database/prisma-client';
import type { ShowContext } from '../realtime/show-context';
import { readCookie } from '../realtime/transport/socket-auth';
import type { RealtimeSocket } from '../realtime/transport/socket-types';
import { recorderFor } from './analytics-recorder';
import type { AnalyticsKind, OrderEventKind } from './analytics-schemas';

/** Set by an announcement link's redirect; read when that browser's room socket joins a show. */
export const attributionCookieName = 'lc_ref';
const attributionValue = /^([A-Za-z0-9_-]{8,80})\.(\d{1,2})$/;

/** The Set-Cookie header an announcement click's redirect carries: which delivery and balloon, for 7 days. */
export function attributionCookie(deliveryId: string, balloonIndex: number, secure: boolean): string {
  return `${attributionCookieName}=${deliveryId}.${balloonIndex}; Path=/; Max-Age=${7 * 86400}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

function attributionOf(socket: RealtimeSocket): { deliveryId: string; balloon: number } | null {
  const value = readCookie((socket as unknown as Socket).handshake.headers.cookie, attributionCookieName);
  const match = value ? attributionValue.exec(value) : null;
  return match ? { deliveryId: match[1]!, balloon: Number(match[2]) } : null;
}

const keyOf = (socket: RealtimeSocket) =>
  socket.data.viewer ? `u:${socket.data.viewer.userId}` : `a:${socket.data.anonId}`;

/** show:join: a visit starts (live or replay by the show's status), with its announcement source if any. */
export function analyticsViewerJoined(db: Database, socket: RealtimeSocket, context: ShowContext): void {
  recorderFor(db)?.viewerJoined({
    brandId: context.brandId,
    showId: context.showId,
    viewerKey: keyOf(socket),
    userId: socket.data.viewer?.userId ?? null,
    anonId: socket.data.anonId ?? null,
    replay: context.status === 'ENDED',
    source: attributionOf(socket),
  });
}

/** show:leave, a switch to another show, or the socket's disconnect. */
export function analyticsViewerLeft(db: Database, socket: RealtimeSocket, showId: string): void {
  recorderFor(db)?.viewerLeft(showId, keyOf(socket));
}

/** Chat message, reaction, card seen or tapped, pin: an event of a viewer in the show the socket joined. */
export function analyticsRoomEvent(
  db: Database,
  socket: RealtimeSocket,
  kind: AnalyticsKind,
  productId: string | null = null,
): void {
  const showId = socket.data.showId;
  if (showId) recorderFor(db)?.roomEvent(showId, keyOf(socket), kind, productId);
}

/** Hold placed, checkout started, order paid, refunded. */
export function analyticsOrderEvent(db: Database, kind: OrderEventKind, orderId: string): void {
  recorderFor(db)?.orderEvent(kind, orderId);
}
