'use client';

// The brand's "Chats": the live list with filters and unread counts, the thread, the customer panel. Admins and
// client advisors only (the API answers 403 to other roles). Live through the brand's chat room on the socket.
import { useCallback, useEffect, useRef, useState } from 'react';
import { call } from '../../../../api/api-client';
import { useApiQuery } from '../../../../api/queries';
import { audienceRoutes } from '../../../../../server/audience/audience-schemas';
import { useBrand } from '../../../../components/console/brand-context';
import { useConversationSocket } from '../../../../components/conversations/use-conversation-socket';
import { ErrorState } from '../../../../components/feedback/feedback';
import {
  type ConversationSummary,
  conversationRoutes as routes,
} from '../../../../../server/conversations/conversation-schemas';
import { ChatPane } from './chat-pane';
import styles from '../../../../components/conversations/conversations.module.css';

type Status = 'OPEN' | 'PENDING' | 'SNOOZED' | 'RESOLVED' | '';
type Scope = 'all' | 'mine' | 'unassigned';

export interface TypingState {
  conversationId: string;
  name: string;
  at: number;
}

export function ChatsConsole() {
  const { brandId } = useBrand();
  const [status, setStatus] = useState<Status>('OPEN');
  const [scope, setScope] = useState<Scope>('all');
  const [unread, setUnread] = useState(false);
  const [tagId, setTagId] = useState('');
  const [q, setQ] = useState('');
  const [items, setItems] = useState<ConversationSummary[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [typing, setTyping] = useState<TypingState | null>(null);
  const counts = useApiQuery(routes.counts, { params: { brandId } });
  const tags = useApiQuery(audienceRoutes.tags, { params: { brandId } });
  const term = q.trim();
  const paneEvents = useRef<
    ((event: Parameters<NonNullable<Parameters<typeof useConversationSocket>[0]['onMessage']>>[0]) => void) | null
  >(null);
  const paneRead = useRef<((conversationId: string, at: string) => void) | null>(null);

  const load = useCallback(
    async (cursor?: string) => {
      try {
        const page = await call(routes.list, {
          params: { brandId },
          query: {
            status: status || undefined,
            scope,
            unread: unread ? 'true' : undefined,
            tagId: tagId || undefined,
            q: term || undefined,
            cursor,
          },
        });
        setItems((current) => (cursor ? [...current, ...page.items] : page.items));
        setNextCursor(page.nextCursor);
        setError(null);
      } catch (caught) {
        setError(caught instanceof Error ? caught.message : 'Could not load the chats');
      }
    },
    [brandId, status, scope, unread, tagId, term],
  );
  useEffect(() => {
    const timer = setTimeout(() => void load(), q ? 250 : 0);
    return () => clearTimeout(timer);
  }, [load, q]);

  const matches = useCallback(
    (conversation: ConversationSummary) =>
      (!status || conversation.status === status) &&
      (scope !== 'unassigned' || !conversation.assignee) &&
      (!unread || conversation.unread > 0),
    [status, scope, unread],
  );
  // A live change: the row moves to the top (or leaves the list when it no longer matches the filters).
  const upsert = useCallback(
    (conversation: ConversationSummary) => {
      setItems((current) => {
        const rest = current.filter((item) => item.id !== conversation.id);
        return matches(conversation) || conversation.id === selected
          ? [conversation, ...rest].sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt))
          : rest;
      });
      void counts.reload();
    },
    [matches, selected, counts.reload],
  );

  const { socket } = useConversationSocket({
    onMessage: (event) => {
      upsert(event.conversation);
      paneEvents.current?.(event);
      if (event.message.sender === 'CUSTOMER')
        setTyping((current) => (current?.conversationId === event.conversation.id ? null : current));
    },
    onUpdated: ({ conversation }) => upsert(conversation),
    onTyping: (event) => {
      if (event.side === 'customer')
        setTyping({ conversationId: event.conversationId, name: event.name, at: Date.now() });
    },
    onRead: (event) => {
      if (event.side === 'customer') paneRead.current?.(event.conversationId, event.at);
      if (event.side === 'staff')
        setItems((current) =>
          current.map((item) => (item.id === event.conversationId ? { ...item, unread: 0 } : item)),
        );
    },
    onReconnect: () => void load(),
  });
  useEffect(() => {
    if (!typing) return;
    const timer = setTimeout(() => setTyping(null), 5000);
    return () => clearTimeout(timer);
  }, [typing]);

  const c = counts.data;
  const statuses: [Status, string][] = [
    ['OPEN', 'Open'],
    ['PENDING', 'Pending'],
    ['SNOOZED', 'Snoozed'],
    ['RESOLVED', 'Resolved'],
    ['', 'All'],
  ];
  return (
    <div className={styles.console} data-open={selected ? 'true' : 'false'} data-testid="chats-console">
      <section className={`${styles.column} ${styles.listColumn}`} aria-label="Conversations">
        <div className={styles.filters} role="group" aria-label="Status">
          {statuses.map(([value, label]) => (
            <button
              key={label}
              type="button"
              className={`${styles.chip} ${status === value ? styles.chipActive : ''}`}
              onClick={() => setStatus(value)}
              data-testid={`chats-status-${label.toLowerCase()}`}
            >
              {label}
              {value && c ? ` ${c.status[value] ?? 0}` : ''}
            </button>
          ))}
        </div>
        <div className={styles.filters}>
          <select value={scope} onChange={(event) => setScope(event.target.value as Scope)} aria-label="Whose">
            <option value="all">All</option>
            <option value="mine">Mine{c ? ` (${c.mine})` : ''}</option>
            <option value="unassigned">Unassigned{c ? ` (${c.unassigned})` : ''}</option>
          </select>
          <select value={tagId} onChange={(event) => setTagId(event.target.value)} aria-label="Tag">
            <option value="">Any tag</option>
            {tags.data?.items.map((tag) => (
              <option key={tag.id} value={tag.id}>
                {tag.name}
              </option>
            ))}
          </select>
          <label className="row">
            <input type="checkbox" checked={unread} onChange={(event) => setUnread(event.target.checked)} /> Unread
            {c ? ` (${c.unread})` : ''}
          </label>
          <input
            type="search"
            value={q}
            onChange={(event) => setQ(event.target.value)}
            placeholder="Search name or text"
            aria-label="Search"
            maxLength={100}
          />
        </div>
        {error ? <ErrorState message={error} onRetry={() => void load()} /> : null}
        <ul className={styles.list} data-testid="chats-list">
          {items.length === 0 ? <li className="muted">No conversations here.</li> : null}
          {items.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                className={`${styles.listItem} ${item.id === selected ? styles.selected : ''}`}
                onClick={() => setSelected(item.id)}
                data-testid="chats-list-item"
                data-unread={item.unread}
              >
                <strong>
                  {item.customer.name}
                  {item.channel === 'LINE' ? ' · LINE' : ''}
                </strong>
                {item.unread > 0 ? (
                  <span className={styles.unreadBadge}>{item.unread}</span>
                ) : (
                  <span className="muted">
                    {new Date(item.lastMessageAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}
                  </span>
                )}
                <span className={styles.preview}>
                  {typing?.conversationId === item.id ? 'typing…' : item.lastMessagePreview}
                  {item.assignee ? ` · ${item.assignee.name}` : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {nextCursor ? (
          <button type="button" className="button button-small" onClick={() => void load(nextCursor)}>
            More
          </button>
        ) : null}
      </section>
      {selected ? (
        <ChatPane
          key={selected}
          conversationId={selected}
          onBack={() => setSelected(null)}
          onOpen={setSelected}
          typing={typing?.conversationId === selected ? typing.name : null}
          onChanged={upsert}
          socket={socket}
          registerEvents={(handler, readHandler) => {
            paneEvents.current = handler;
            paneRead.current = readHandler;
          }}
        />
      ) : (
        <section className={`${styles.column} ${styles.threadColumn}`}>
          <p className="muted">Choose a conversation.</p>
        </section>
      )}
    </div>
  );
}
