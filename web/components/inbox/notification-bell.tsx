'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { call, errorMessage } from '../../api/api-client';
import type { InboxItem } from './inbox-types';
import { MessageBalloons, ownPath } from './message-balloons';
import styles from './inbox.module.css';
import { ConversationLinks } from '../conversations/customer-chat-list';
import { type ConversationSummary, conversationRoutes } from '../../../server/conversations/conversation-schemas';
import { announcementRoutes } from '@server/announcements/announcement-schemas';

const POLL_MS = 60_000;

/** The bell in the header: unread count, live over server-sent events (polling as a fallback), and the inbox. */
export function NotificationBell() {
  const router = useRouter();
  const [unread, setUnread] = useState(0);
  const [chatUnread, setChatUnread] = useState(0);
  const [chats, setChats] = useState<ConversationSummary[]>([]);
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const panel = useRef<HTMLDetailsElement>(null);

  const refreshCount = useCallback(async () => {
    const [inbox, conversations] = await Promise.all([
      call(announcementRoutes.unreadCount).catch(() => ({ count: 0 })),
      call(conversationRoutes.myUnreadCount).catch(() => ({ count: 0 })),
    ]);
    setUnread(inbox.count);
    setChatUnread(conversations.count);
  }, []);

  const loadItems = useCallback(async (cursor?: string) => {
    if (!cursor)
      void call(conversationRoutes.myList).then(
        (list) => setChats(list.items),
        () => undefined,
      );
    try {
      const page = await call(announcementRoutes.inbox, { query: { cursor } });
      setItems((current) => (cursor && current ? [...current, ...page.items] : page.items));
      setNextCursor(page.nextCursor);
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }, []);

  useEffect(() => {
    void refreshCount();
    const source = typeof EventSource !== 'undefined' ? new EventSource('/api/me/inbox/events') : null;
    source?.addEventListener('changed', () => {
      void refreshCount();
      if (panel.current?.open) void loadItems();
    });
    const timer = setInterval(() => void refreshCount(), POLL_MS);
    const onFocus = () => void refreshCount();
    window.addEventListener('focus', onFocus);
    return () => {
      source?.close();
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [refreshCount, loadItems]);

  async function markRead(item: InboxItem) {
    if (item.read) return;
    setItems((current) => current?.map((entry) => (entry.id === item.id ? { ...entry, read: true } : entry)) ?? null);
    setUnread((count) => Math.max(0, count - 1));
    await call(announcementRoutes.markRead, { params: { deliveryId: item.id } }).catch(() => undefined);
  }

  async function openBalloon(item: InboxItem, index: number, url: string) {
    await markRead(item);
    const target = await call(announcementRoutes.click, {
      params: { deliveryId: item.id },
      body: { balloonIndex: index },
    }).then(
      (body) => body.url,
      () => url,
    );
    panel.current?.removeAttribute('open');
    const own = ownPath(target) ?? target;
    if (own.startsWith('/')) router.push(own);
    else window.open(own, '_blank', 'noopener');
  }

  async function markAllRead() {
    await call(announcementRoutes.markAllRead).catch(() => undefined);
    setUnread(0);
    setItems((current) => current?.map((entry) => ({ ...entry, read: true })) ?? null);
  }

  return (
    <details
      className={styles.bell}
      ref={panel}
      onToggle={(event) => {
        if ((event.currentTarget as HTMLDetailsElement).open) void loadItems();
      }}
      data-testid="notification-bell"
    >
      <summary aria-label={unread + chatUnread ? `Notifications, ${unread + chatUnread} unread` : 'Notifications'}>
        <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {unread + chatUnread > 0 ? (
          <span className={styles.count} data-testid="unread-count">
            {unread + chatUnread > 99 ? '99+' : unread + chatUnread}
          </span>
        ) : null}
      </summary>
      <section className={styles.panel} aria-label="Inbox">
        <div className={styles.panelHeader}>
          <strong>Inbox</strong>
          {unread > 0 ? (
            <button type="button" className="button-link" onClick={() => void markAllRead()}>
              Mark all read
            </button>
          ) : null}
        </div>
        {chats.length > 0 ? (
          <div data-testid="inbox-chats">
            <strong className="muted">Chats</strong>
            <ConversationLinks items={chats} onOpen={() => panel.current?.removeAttribute('open')} />
          </div>
        ) : null}
        {error ? <p className="muted">{error}</p> : null}
        {items === null ? <p className="muted">Loading…</p> : null}
        {items?.length === 0 && chats.length === 0 ? (
          <p className="muted">No messages yet. Follow a brand to hear about its next show.</p>
        ) : null}
        <ul className={styles.list}>
          {items?.map((item) => (
            <li
              key={item.id}
              className={item.read ? styles.item : `${styles.item} ${styles.unread}`}
              data-testid="inbox-item"
            >
              <button
                type="button"
                className={styles.itemHeader}
                onClick={() => void openBalloon(item, 99, item.message.showUrl)}
              >
                <span>{item.brandName}</span>
                <time className="muted" dateTime={item.sentAt}>
                  {new Date(item.sentAt).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })}
                </time>
              </button>
              {/* biome-ignore lint/a11y/noStaticElementInteractions: not a control; it marks the message read when a pointer rests on it or focus enters one of its links (keyboard users reach it that way) */}
              <div onMouseEnter={() => void markRead(item)} onFocus={() => void markRead(item)}>
                <MessageBalloons
                  balloons={item.message.balloons}
                  onOpen={(index, url) => void openBalloon(item, index, url)}
                />
              </div>
            </li>
          ))}
        </ul>
        {nextCursor ? (
          <button type="button" className="button button-small" onClick={() => void loadItems(nextCursor)}>
            Older messages
          </button>
        ) : null}
      </section>
    </details>
  );
}
