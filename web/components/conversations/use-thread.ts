'use client';

// A thread's messages: the newest page first, older pages by cursor, live ones appended (deduplicated by id).
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/api-client';
import type { ConversationMessageView } from '../../../server/conversations/conversation-schemas';

interface Page {
  items: ConversationMessageView[];
  before: string | null;
}

const bySeq = (a: ConversationMessageView, b: ConversationMessageView) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : BigInt(a.seq) > BigInt(b.seq) ? 1 : 0);

function merge(current: ConversationMessageView[], incoming: ConversationMessageView[]): ConversationMessageView[] {
  const byId = new Map(current.map((message) => [message.id, message]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort(bySeq);
}

/** `path`: the messages URL (customer's or staff's); null while there is no conversation yet. */
export function useThread(path: string | null) {
  const [messages, setMessages] = useState<ConversationMessageView[]>([]);
  const [before, setBefore] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  const reload = useCallback(async () => {
    if (!path) return;
    try {
      const page = await api.get<Page>(path);
      setMessages((current) => merge(current, page.items));
      setBefore((current) => current ?? page.before);
      setError(null);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'Could not load the conversation');
    } finally {
      setLoaded(true);
    }
  }, [path]);

  useEffect(() => {
    setMessages([]);
    setBefore(null);
    setLoaded(false);
    void reload();
  }, [reload]);

  const loadOlder = useCallback(async () => {
    if (!path || !before) return;
    const page = await api.get<Page>(`${path}?before=${encodeURIComponent(before)}`);
    setMessages((current) => merge(current, page.items));
    setBefore(page.before);
  }, [path, before]);

  const append = useCallback((message: ConversationMessageView) => setMessages((current) => merge(current, [message])), []);
  return { messages, hasOlder: before !== null, loadOlder, append, reload, error, loaded };
}
