import type { ChatMessage as ChatMessageRow } from '../../../prisma/generated/client';
import type { ChatMessage } from '../contract';

export type Badge = ChatMessage['badge'];

export function toChatMessage(row: ChatMessageRow, badge: Badge, withShadowFlag = false): ChatMessage {
  return {
    id: row.id,
    userId: row.userId,
    userName: row.userName,
    text: row.text,
    createdAt: row.createdAt.toISOString(),
    badge,
    ...(withShadowFlag && row.shadow ? { shadow: true } : {}),
  };
}
