'use client';

// The thread as both sides see it: balloons (text as text, images, product cards), typing and read state.
// Nothing a person wrote is ever turned into markup: text is a text node, kept with its line breaks by CSS.
import { useEffect, useRef } from 'react';
import type { ConversationMessageView } from '../../../server/conversations/conversation-schemas';
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
}

const time = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

export function ChatThread({ side, messages, hasOlder, onLoadOlder, typing, otherSideReadAt }: ChatThreadProps) {
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
      {messages.map((message) => (
        <div
          key={message.id}
          className={`${styles.balloonRow} ${mine(message) ? styles.mine : styles.theirs} ${message.private ? styles.private : ''}`}
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
              {message === lastMine && !message.private && readUpTo >= Date.parse(message.createdAt) ? (
                <span data-testid="chat-read"> · Read</span>
              ) : null}
            </time>
          </div>
        </div>
      ))}
      {typing ? (
        <p className={styles.typing} data-testid="chat-typing">
          {typing} is typing…
        </p>
      ) : null}
      <div ref={end} />
    </div>
  );
}
