'use client';

// The thread as both sides see it: balloons (text as text, images, product cards), typing and read state.
// Nothing a person wrote is ever turned into markup: text is a text node, kept with its line breaks by CSS.
import { useEffect, useRef } from 'react';
import type { InboxItem } from '../../../server/announcements/announcement-schemas';
import type { ConversationMessageView } from '../../../server/conversations/conversation-schemas';
import { MessageBalloons } from '../inbox/message-balloons';
import { ProductCardBalloon } from './product-card-balloon';
import styles from './conversations.module.css';

export interface ChatThreadProps {
  side: 'customer' | 'staff';
  messages: ConversationMessageView[];
  hasOlder: boolean;
  onLoadOlder(): void;
  typing: string | null;
  /** When the other side last read the thread; my messages up to then show "Read". */
  otherSideReadAt: string | null;
  /** The brand's announcements to this customer, shown among the messages by time (customer side). */
  announcements?: InboxItem[];
}

type Entry = { at: number; message: ConversationMessageView } | { at: number; announcement: InboxItem };

/** Messages and announcements in time order; announcements older than the loaded history wait for "Older messages". */
function timeline(messages: ConversationMessageView[], announcements: InboxItem[], hasOlder: boolean): Entry[] {
  const from = hasOlder && messages[0] ? Date.parse(messages[0].createdAt) : Number.NEGATIVE_INFINITY;
  const entries: Entry[] = messages.map((message) => ({ at: Date.parse(message.createdAt), message }));
  for (const announcement of announcements) {
    const at = Date.parse(announcement.sentAt);
    if (at >= from) entries.push({ at, announcement });
  }
  return entries.sort((a, b) => a.at - b.at);
}

const time = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

export function ChatThread({
  side,
  messages,
  hasOlder,
  onLoadOlder,
  typing,
  otherSideReadAt,
  announcements = [],
}: ChatThreadProps) {
  const end = useRef<HTMLDivElement>(null);
  const lastId = messages.at(-1)?.id;
  // Braces: scrollIntoView may return a promise in newer browsers, and an effect must return nothing or a cleanup.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new last message (or typing) is the trigger
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [lastId, typing]);
  const mine = (message: ConversationMessageView) =>
    side === 'customer' ? message.sender === 'CUSTOMER' : message.sender !== 'CUSTOMER';
  const lastMine = [...messages].reverse().find(mine);
  const readUpTo = otherSideReadAt ? Date.parse(otherSideReadAt) : 0;
  return (
    <div className={styles.thread} data-testid="chat-thread" aria-live="polite">
      {hasOlder ? (
        <button type="button" className="button button-small" onClick={onLoadOlder} data-testid="chat-older">
          Older messages
        </button>
      ) : null}
      {messages.length === 0 ? <p className="muted">No messages yet. Say hello.</p> : null}
      {timeline(messages, announcements, hasOlder).map((entry) =>
        'announcement' in entry ? (
          <div
            key={`announcement-${entry.announcement.id}`}
            className={`${styles.balloonRow} ${styles.theirs}`}
            data-testid="chat-announcement"
          >
            <div className={styles.balloon}>
              <span className={styles.author}>{entry.announcement.message.title || 'Announcement'}</span>
              <MessageBalloons balloons={entry.announcement.message.balloons} />
              <time className={styles.time} dateTime={entry.announcement.sentAt}>
                {time(entry.announcement.sentAt)}
              </time>
            </div>
          </div>
        ) : (
          <MessageRow
            key={entry.message.id}
            message={entry.message}
            side={side}
            mine={mine(entry.message)}
            read={entry.message === lastMine && !entry.message.private && readUpTo >= entry.at}
          />
        ),
      )}
      {typing ? (
        <p className={styles.typing} data-testid="chat-typing">
          {typing} is typing…
        </p>
      ) : null}
      <div ref={end} />
    </div>
  );
}

function MessageRow({
  message,
  side,
  mine,
  read,
}: {
  message: ConversationMessageView;
  side: 'customer' | 'staff';
  mine: boolean;
  read: boolean;
}) {
  return (
    <div
      className={`${styles.balloonRow} ${mine ? styles.mine : styles.theirs} ${message.private ? styles.private : ''}`}
      data-testid="chat-message"
      data-sender={message.sender}
      data-kind={message.kind}
    >
      <div className={styles.balloon}>
        {side === 'staff' || message.sender !== 'CUSTOMER' ? (
          <span className={styles.author}>
            {message.private ? 'Private note · ' : ''}
            {message.sender === 'CUSTOMER'
              ? 'Customer'
              : message.sender === 'BOT'
                ? `${message.authorName || 'Auto-reply'} (bot)`
                : message.authorName}
          </span>
        ) : null}
        {message.text ? <p className={styles.text}>{message.text}</p> : null}
        {message.imageUrl ? (
          <a href={message.imageUrl} target="_blank" rel="noopener noreferrer">
            {/* biome-ignore lint/performance/noImgElement: chat images are served by the API's storage route, not next/image */}
            <img src={message.imageUrl} alt="" className={styles.image} loading="lazy" />
          </a>
        ) : null}
        {message.product ? <ProductCardBalloon card={message.product} canBuy={side === 'customer'} /> : null}
        <time className={styles.time} dateTime={message.createdAt}>
          {time(message.createdAt)}
          {read ? <span data-testid="chat-read"> · Read</span> : null}
        </time>
      </div>
    </div>
  );
}
