// Read receipts only move forward. A conversation snapshot can arrive after a newer read receipt (the answer to a
// send that raced the other side's "read" event), so a snapshot never takes the receipt back.
import type { ConversationSummary } from '../../../server/conversations/conversation-schemas';

const later = (a: string | null, b: string | null) => (!a ? b : !b ? a : Date.parse(a) >= Date.parse(b) ? a : b);

/** The next snapshot of a conversation, keeping the later of the two read receipts. */
export function withLatestRead(
  previous: ConversationSummary | null | undefined,
  next: ConversationSummary,
): ConversationSummary {
  if (!previous || previous.id !== next.id) return next;
  return { ...next, otherSideReadAt: later(previous.otherSideReadAt, next.otherSideReadAt) };
}

/** The conversation after the other side's read receipt at `at`. */
export function readBy(conversation: ConversationSummary, at: string): ConversationSummary {
  return { ...conversation, otherSideReadAt: later(conversation.otherSideReadAt, at) };
}
