'use client';

// A thread's messages: the newest page first, older pages by cursor, live ones appended (deduplicated by id).
import { useCallback, useEffect, useState } from 'react';
import { call } from '../../api/api-client';
import { type ConversationMessageView, conversationRoutes } from '../../../server/conversations/conversation-schemas';

/** Whose thread: staff read it through the brand (private notes included), the customer through her own. */
export type ThreadTarget =
  | { brandId: string; conversationId: string }
  | { brandId?: undefined; conversationId: string };

const pageOf = (target: ThreadTarget, before?: string) =>
  target.brandId
    ? call(conversationRoutes.messages, {
        params: { brandId: target.brandId, conversationId: target.conversationId },
        query: { before },
      })
    : call(conversationRoutes.myMessages, { params: { conversationId: target.conversationId }, query: { before } });

const bySeq = (a: ConversationMessageView, b: ConversationMessageView) =>
  BigInt(a.seq) < BigInt(b.seq) ? -1 : BigInt(a.seq) > BigInt(b.seq) ? 1 : 0;

function merge(current: ConversationMessageView[], incoming: ConversationMessageView[]): ConversationMessageView[] {
  const byId = new Map(current.map((message) => [message.id, message]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort(bySeq);
}

/** `target`: the conversation (staff's or customer's view); null while there is no conversation yet. */
export function useThread(target: ThreadTarget | null) {
  const brandId = target?.brandId;
  const conversationId = target?.conversationId;
  const [messages, setMessages] = useState<ConversationMessageView[]>([]);
  const [before, setBefore] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  const reload = useCallback(async () => {
    if (!conversationId) return;
    try {
      const page = await pageOf({ brandId, conversationId } as ThreadTarget);
      setMessages((current) => merge(current, page.items));
      setBefore((current) => current ?? page.before);
      setError(null);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'Could not load the conversation');
    } finally {
      setLoaded(true);
    }
  }, [brandId, conversationId]);

  useEffect(() => {
    setMessages([]);
    setBefore(null);
    setLoaded(false);
    void reload();
  }, [reload]);

  const loadOlder = useCallback(async () => {
    if (!conversationId || !before) return;
    const page = await pageOf({ brandId, conversationId } as ThreadTarget, before);
    setMessages((current) => merge(current, page.items));
    setBefore(page.before);
  }, [brandId, conversationId, before]);

  const append = useCallback(
    (message: ConversationMessageView) => setMessages((current) => merge(current, [message])),
    [],
  );
  return { messages, hasOlder: before !== null, loadOlder, append, reload, error, loaded };
}
