import type { Database } from '../../database/prisma-client';
import { notFound } from '../../errors/app-error';

/** Soft delete: gone from every screen and from history, still in the brand's export. Idempotent. */
export async function deleteChatMessage(db: Database, showId: string, messageId: string): Promise<void> {
  const message = await db.chatMessage.findFirst({ where: { id: messageId, showId }, select: { deletedAt: true } });
  if (!message) throw notFound('message');
  if (!message.deletedAt) await db.chatMessage.update({ where: { id: messageId }, data: { deletedAt: new Date() } });
}
