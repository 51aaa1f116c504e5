// Reserving and cancelling a hold: over the show room's socket when it is connected (one message instead of an
// HTTP request, the path the platform serves fastest during a rush), over HTTP otherwise. Same answers, same codes.
import { ApiError, call } from '../../api/api-client';
import type { AckResult, ReservationHeld } from '../../../server/realtime/contract';
import type { ShowRoomLive } from '../show-room/show-room-live';
import { commerceRoutes } from '@server/commerce/commerce-schemas';

type Room = Pick<ShowRoomLive, 'command' | 'connection' | 'joined'> & Partial<Pick<ShowRoomLive, 'playingAt'>>;

const viaSocket = (room: Room | null): room is Room => room !== null && room.connection === 'live' && room.joined;

// The socket dropped, or it was opened before the buyer signed in (its identity is the handshake's): HTTP decides.
const retryOverHttp = new Set<string>(['UNAVAILABLE', 'UNAUTHENTICATED']);

function unwrap<T>(result: AckResult<T>): T | null {
  if (result.ok) return result.data;
  if (retryOverHttp.has(result.error.code)) return null;
  throw new ApiError(409, result.error.code, result.error.message);
}

export async function reserveFlashDeal(room: Room, showId: string, saleId: string): Promise<ReservationHeld> {
  if (viaSocket(room)) {
    // Where her video was when she pressed Buy: the sale's fair start orders early presses by it.
    const at = room.playingAt?.() ?? null;
    const playingAt = at === null ? {} : { playingAt: new Date(at).toISOString() };
    const held = unwrap(await room.command('sale:reserve', { saleId, quantity: 1, ...playingAt }));
    if (held) return held;
  }
  return call(commerceRoutes.reserveSale, { params: { showId, saleId }, body: { quantity: 1 } });
}

export async function cancelHold(room: Room | null, orderId: string): Promise<void> {
  if (viaSocket(room) && unwrap(await room.command('order:cancel', { orderId }))) return;
  await call(commerceRoutes.cancel, { params: { orderId } });
}
