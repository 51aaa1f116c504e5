// Rooms beside the show rooms: every socket of one account, and a brand's chat staff (conversations, inbox).
import { serverEventSchemas } from '../contract';
import { accountRoom, brandChatRoom, chatRoles } from './room-names';
import type { RealtimeServer, RealtimeSocket } from './socket-types';

/** A signed-in socket joins its account's room and the chat room of each brand where it may see conversations. */
export function joinAccountRooms(socket: RealtimeSocket): void {
  const viewer = socket.data.viewer;
  if (!viewer) return;
  void socket.join(accountRoom(viewer.userId));
  for (const [brandId, roles] of Object.entries(viewer.roles)) {
    if (roles.some((role) => (chatRoles as readonly string[]).includes(role))) void socket.join(brandChatRoom(brandId));
  }
}

/** Sends an event of the contract to a room after checking it belongs to that kind of room and parsing its payload. */
export function emitScoped(
  io: RealtimeServer,
  allowed: readonly string[],
  room: string,
  event: string,
  payload: unknown,
): void {
  if (!allowed.includes(event)) throw new Error(`${event} cannot be sent to ${room.split(':')[0]} rooms`);
  const checked = serverEventSchemas[event as keyof typeof serverEventSchemas].parse(payload);
  (io.to(room).emit as (e: string, p: unknown) => boolean)(event, checked);
}
