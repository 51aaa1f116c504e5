// conversationId -> brandId, kept in process memory: a conversation never changes brand, so the answer can be
// cached for as long as the process lives (bounded). Whether the conversation is the caller's is checked by the
// write itself (message-writes.ts), so a send by id costs no read before it.
import type { Database } from '../database/prisma-client';

const brands = new Map<string, string>();
const maxEntries = 50_000;

export async function brandOfConversation(db: Database, conversationId: string): Promise<string | null> {
  const cached = brands.get(conversationId);
  if (cached) return cached;
  const row = await db.conversation.findUnique({ where: { id: conversationId }, select: { brandId: true } });
  if (!row) return null;
  if (brands.size >= maxEntries) brands.delete(brands.keys().next().value!);
  brands.set(conversationId, row.brandId);
  return row.brandId;
}
