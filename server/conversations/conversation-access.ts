// Who may see a conversation: the customer it belongs to; the brand's chat staff (admins and client advisors).
import { requireStaff, requireViewer } from '../accounts/staff-access';
import type { Viewer } from '../accounts/session-store';
import type { StaffRole } from '../../prisma/generated/client';
import type { Database } from '../database/prisma-client';
import { notFound } from '../errors/app-error';

/** Roles that see a brand's chats (and its customers' panel). */
export const chatStaff: readonly StaffRole[] = ['ADMIN', 'ADVISOR'];

export function requireChatStaff(viewer: Viewer | null, brandId: string): Viewer {
  return requireStaff(viewer, brandId, chatStaff);
}

/** The customer's own conversation, else 404 (another customer's id is indistinguishable from a missing one). */
export async function ownConversation(db: Database, viewer: Viewer | null, conversationId: string) {
  const signedIn = requireViewer(viewer);
  const row = await db.conversation.findFirst({
    where: { id: conversationId, userId: signedIn.userId },
    select: { id: true, brandId: true, userId: true },
  });
  if (!row) throw notFound('conversation');
  return { viewer: signedIn, conversation: row };
}
