// Socket commands of conversations: typing. The sender must be the conversation's customer or the brand's chat staff.
import type { Realtime } from '../realtime/create-realtime';
import type { CommandRouter } from '../realtime/transport/command-router';
import type { RealtimeSocket } from '../realtime/transport/socket-types';
import { chatRoles } from '../realtime/transport/room-names';
import { notFound } from '../errors/app-error';
import { AppError } from '../errors/app-error';
import { conversationTypingInputSchema } from './conversation-schemas';
import type { ConversationContext } from './conversation-ports';

/** conversationId -> who may type there, cached briefly (typing signals come every few seconds while typing). */
const accessCache = new Map<string, { brandId: string; userId: string | null; at: number }>();

async function conversationOf(ctx: ConversationContext, conversationId: string) {
  const cached = accessCache.get(conversationId);
  if (cached && Date.now() - cached.at < 60_000) return cached;
  const row = await ctx.db.conversation.findUnique({
    where: { id: conversationId },
    select: { brandId: true, userId: true },
  });
  if (!row) return null;
  const entry = { ...row, at: Date.now() };
  if (accessCache.size > 10_000) accessCache.clear();
  accessCache.set(conversationId, entry);
  return entry;
}

export function registerConversationCommands(
  ctx: ConversationContext,
  realtime: Realtime,
  socket: RealtimeSocket,
  router: CommandRouter,
): void {
  router.on('conversation:typing', conversationTypingInputSchema, async ({ conversationId }) => {
    const viewer = socket.data.viewer;
    if (!viewer) throw new AppError('UNAUTHENTICATED', 'sign in to continue');
    const row = await conversationOf(ctx, conversationId);
    if (!row) throw notFound('conversation');
    if (row.userId === viewer.userId) {
      realtime.emitToBrandStaff(row.brandId, 'conversation:typing', {
        conversationId,
        side: 'customer',
        name: viewer.name,
      });
      return null;
    }
    const roles = viewer.roles[row.brandId] ?? [];
    if (!roles.some((role) => (chatRoles as readonly string[]).includes(role))) throw notFound('conversation');
    if (row.userId)
      realtime.emitToUser(row.userId, 'conversation:typing', { conversationId, side: 'staff', name: viewer.name });
    realtime.emitToBrandStaff(row.brandId, 'conversation:typing', { conversationId, side: 'staff', name: viewer.name });
    return null;
  });
}
