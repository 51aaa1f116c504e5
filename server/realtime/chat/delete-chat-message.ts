import type { Database } from '../../database/prisma-client';
import { notFound } from '../../errors/app-error';

const storeWaitMs = 1000;

/**
 * Soft delete: gone from every screen and from history, still in the brand's export. Idempotent. A message
 * sent through another node may still sit in that node's write buffer (tens of ms), so wait for it briefly.
 */
export async function deleteChatMessage(db: Database, showId: string, messageId: string): Promise<void> {
  const deadline = Date.now() + storeWaitMs;
  for (;;) {
    const message = await db.chatMessage.findFirst({ where: { id: messageId, showId }, select: { deletedAt: true } });
    if (message) {
      if (!message.deletedAt)
        await db.chatMessage.update({ where: { id: messageId }, data: { deletedAt: new Date() } });
      return;
    }
    if (Date.now() > deadline) throw notFound('message');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
