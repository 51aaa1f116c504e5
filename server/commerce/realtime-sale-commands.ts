// Buying over the show room's open socket: `sale:reserve` and `order:cancel` run the same functions as the HTTP
// routes, behind the realtime transport's zod parsing and per-connection command budget. A viewer already in the
// room saves an HTTP request per click, and the platform serves several times more reservations per core.
import type { SessionCache } from '../accounts/session-cache';
import { AppError } from '../errors/app-error';
import { orderCancelSchema, playbackReportSchema, saleReserveSchema } from '../realtime/contract';
import type { Realtime } from '../realtime/create-realtime';
import { requireJoined } from '../realtime/room-handlers';
import { handshakeSessionToken } from '../realtime/transport/socket-auth';
import type { RealtimeSocket } from '../realtime/transport/socket-types';
import { cancelOrder } from './cancel-order';
import type { CommerceContext } from './commerce-context';
import { reserveFlashSale } from './reserve-flash-sale';

/**
 * The socket's identity was read at the handshake; a command that moves money checks the session is still valid now
 * (signed out or expired since), through the HTTP routes' session cache: a sign-out drops it on every node at once and
 * an entry never outlives its session. A session deleted in the database by other means is caught by the node's sweep.
 */
export async function signedInBuyer(sessions: SessionCache, socket: RealtimeSocket): Promise<string> {
  const viewer = await sessions.resolve(handshakeSessionToken(socket));
  if (!viewer || viewer.userId !== socket.data.viewer?.userId) throw new AppError('UNAUTHENTICATED', 'sign in to buy');
  return viewer.userId;
}

/** The reports a connection's claim at Buy is checked against: about the last 15 s of watching. */
const reportsKept = 5;

export function connectSaleCommands(
  ctx: CommerceContext,
  realtime: Pick<Realtime, 'registerCommands'>,
  sessions: SessionCache,
): void {
  const buyer = (socket: RealtimeSocket) => signedInBuyer(sessions, socket);
  realtime.registerCommands((socket, router) => {
    router.on('sale:reserve', saleReserveSchema, async ({ saleId, quantity, playingAt }) => {
      const showId = requireJoined(socket);
      const timing = {
        playingAt: playingAt ? Date.parse(playingAt) : undefined,
        observedLagsMs: socket.data.playbackLagsMs,
      };
      return reserveFlashSale(ctx, await buyer(socket), showId, saleId, quantity, timing);
    });
    // How far behind live this connection watches (its reports bound the lag it may claim at Buy).
    router.on('playback:report', playbackReportSchema, ({ playingAt }) => {
      const lag = Date.now() - Date.parse(playingAt);
      if (socket.data.showId && Number.isFinite(lag) && lag >= 0 && lag <= 60_000)
        socket.data.playbackLagsMs = [...(socket.data.playbackLagsMs ?? []), lag].slice(-reportsKept);
      return null;
    });
    router.on('order:cancel', orderCancelSchema, async ({ orderId }) => cancelOrder(ctx, await buyer(socket), orderId));
  });
}
