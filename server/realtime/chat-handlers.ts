// chat:send / chat:delete / chat:configure: parse, check the caller's role, call the domain, broadcast.
import { analyticsRoomEvent } from '../analytics/analytics-hooks';
import { AppError } from '../errors/app-error';
import { chatMessages } from '../observability/metrics';
import { toChatMessage } from './chat/chat-view';
import { deleteChatMessage } from './chat/delete-chat-message';
import { sendChatMessage } from './chat/send-chat-message';
import { chatConfigureSchema, chatDeleteSchema, chatSendSchema } from './contract';
import type { RealtimeServices } from './realtime-services';
import { requireJoined } from './room-handlers';
import { staffPowers, type ShowContext } from './show-context';
import type { CommandRouter } from './transport/command-router';
import { showRoom, staffRoom, userRoom } from './transport/room-names';
import type { RealtimeSocket } from './transport/socket-types';

export async function requireModerator(
  services: RealtimeServices,
  socket: RealtimeSocket,
): Promise<ShowContext & { userId: string }> {
  const context = await services.contexts.get(requireJoined(socket));
  const viewer = socket.data.viewer;
  if (!viewer || !staffPowers(viewer, context).canModerate)
    throw new AppError('FORBIDDEN', 'only the show team can do this');
  return { ...context, userId: viewer.userId };
}

export function registerChatHandlers(services: RealtimeServices, socket: RealtimeSocket, router: CommandRouter): void {
  router.on('chat:send', chatSendSchema, async ({ text }) => {
    const context = await services.contexts.get(requireJoined(socket));
    const sender = {
      viewer: socket.data.viewer,
      anonId: socket.data.anonId ?? socket.id,
      connectionId: socket.id,
      address: services.clientAddress.of(socket.request),
    };
    const sent = await sendChatMessage(services.chat, context, sender, text);
    chatMessages.inc({ visibility: sent.shadow ? 'shadow' : 'public' });
    analyticsRoomEvent(services.db, socket, 'chat_message');
    const said = {
      showId: context.showId,
      brandId: context.brandId,
      userId: sent.row.userId,
      text,
      orderKeywords: context.orderKeywords,
    };
    for (const listener of services.chatListeners) listener(said);
    if (sent.shadow && sent.row.userId) {
      // Only the author and the show team see a shadow-banned viewer's messages.
      const flagged = toChatMessage(sent.row, sent.badge, true);
      services.broadcast(
        [userRoom(context.showId, sent.row.userId), staffRoom(context.showId)],
        'chat:message-created',
        flagged,
      );
      return flagged;
    }
    const message = toChatMessage(sent.row, sent.badge);
    services.broadcast(showRoom(context.showId), 'chat:message-created', message);
    return message;
  });

  router.on('chat:delete', chatDeleteSchema, async ({ messageId }) => {
    const context = await requireModerator(services, socket);
    await services.chat.writer.flush();
    await deleteChatMessage(services.db, context.showId, messageId);
    services.broadcast(showRoom(context.showId), 'chat:message-deleted', { messageId });
    return { messageId };
  });

  router.on('chat:configure', chatConfigureSchema, async (change) => {
    const context = await requireModerator(services, socket);
    const show = await services.db.show.update({
      where: { id: context.showId },
      data: change,
      select: { slowModeSeconds: true, chatRequiresSignIn: true },
    });
    services.contextChanged(context.showId, context.brandId);
    services.broadcast(showRoom(context.showId), 'chat:settings-changed', show);
    return show;
  });
}
