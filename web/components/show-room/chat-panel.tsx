'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { chatTextMaxLength, type ChatMessage, type CommandPayload } from '../../../server/realtime/contract';
import { useSession } from '../session/session-provider';
import { useShowRoomLive } from './show-room-live';
import styles from './show-room.module.css';

const badgeLabel = { host: 'Host', admin: 'Team', moderator: 'Mod' } as const;

function MessageActions({ message, onError }: { message: ChatMessage; onError: (text: string) => void }) {
  const { command } = useShowRoomLive();
  const run = async <E extends 'chat:delete' | 'moderation:restrict'>(event: E, payload: CommandPayload<E>) => {
    const result = await command(event, payload);
    if (!result.ok) onError(result.error.message);
  };
  const { userId } = message;
  return (
    <span className={styles.actions}>
      <button
        type="button"
        onClick={() => void run('chat:delete', { messageId: message.id })}
        aria-label={`Delete message from ${message.userName}`}
      >
        Delete
      </button>
      {userId && !message.badge ? (
        <>
          <button type="button" onClick={() => void run('moderation:restrict', { userId, kind: 'MUTE', minutes: 10 })}>
            Mute 10 min
          </button>
          <button type="button" onClick={() => void run('moderation:restrict', { userId, kind: 'BAN' })}>
            Ban
          </button>
          <button type="button" onClick={() => void run('moderation:restrict', { userId, kind: 'SHADOW_BAN' })}>
            Shadow ban
          </button>
        </>
      ) : null}
    </span>
  );
}

/** Chat messages are rendered as text nodes only: whatever a viewer types is never parsed as HTML. */
export function MessageRow({
  message,
  moderate,
  onError,
  className = styles.message,
}: {
  message: ChatMessage;
  moderate: boolean;
  onError: (text: string) => void;
  className?: string;
}) {
  return (
    <li
      className={`${className} ${message.shadow ? styles.shadow : ''}`}
      data-testid="chat-message"
      data-message-id={message.id}
    >
      <span className={styles.author}>
        {message.userName}
        {message.badge ? <span className={styles.badge}>{badgeLabel[message.badge]}</span> : null}
      </span>{' '}
      <span className={styles.text}>{message.text}</span>
      {message.shadow ? <span className={styles.note}> (hidden from others)</span> : null}
      {moderate ? <MessageActions message={message} onError={onError} /> : null}
    </li>
  );
}

/** The field to write; `className` restyles it (the phone overlay draws it over the video). */
export function Composer({ className = styles.composer }: { className?: string }) {
  const { command, you, settings, status, connection } = useShowRoomLive();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const closed = status === 'ENDED' || status === 'CANCELLED';

  if (closed) return <p className={styles.hint}>Chat is closed for this show.</p>;
  if (!you?.userId && settings.chatRequiresSignIn) {
    return (
      <p className={styles.hint}>
        <Link href="/sign-in">Sign in</Link> to chat. You can watch and react without an account.
      </p>
    );
  }
  const restriction = you?.restrictions.find((r) => r.kind === 'BAN' || r.kind === 'MUTE');
  if (restriction) {
    return (
      <p className={styles.hint} role="status">
        {restriction.kind === 'BAN'
          ? 'You can no longer chat in this show.'
          : `You are muted${restriction.until ? ` until ${new Date(restriction.until).toLocaleTimeString()}` : ''}.`}
      </p>
    );
  }

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!text.trim() || sending) return;
    setSending(true);
    const result = await command('chat:send', { text });
    setSending(false);
    if (result.ok) {
      setText('');
      setError(null);
    } else {
      setError(result.error.message);
    }
  };
  return (
    <form className={className} onSubmit={submit}>
      <label className="visually-hidden" htmlFor="chat-input">
        Message
      </label>
      <input
        id="chat-input"
        data-testid="chat-input"
        value={text}
        maxLength={chatTextMaxLength}
        placeholder={
          settings.slowModeSeconds ? `Slow mode: one message every ${settings.slowModeSeconds} s` : 'Say something…'
        }
        onChange={(event) => setText(event.target.value)}
        disabled={connection !== 'live'}
        autoComplete="off"
      />
      <button className="button" type="submit" disabled={sending || connection !== 'live' || !text.trim()}>
        Send
      </button>
      {error ? (
        <p className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

export function ChatPanel() {
  const { messages, you, connection } = useShowRoomLive();
  const { me } = useSession();
  const list = useRef<HTMLOListElement>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const stick = useRef(true);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on purpose each time the list changes, to follow new messages
  useEffect(() => {
    const element = list.current;
    if (element && stick.current) element.scrollTop = element.scrollHeight;
  }, [messages]);

  return (
    <section className={styles.chat} aria-labelledby="chat-title" data-testid="chat-panel">
      <header className={styles.chatHeader}>
        <h2 id="chat-title">Live chat</h2>
        {connection === 'offline' ? <span className={styles.offline}>Reconnecting…</span> : null}
      </header>
      <ol
        ref={list}
        className={styles.messages}
        aria-live="polite"
        onScroll={(event) => {
          const element = event.currentTarget;
          stick.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
        }}
      >
        {messages.length === 0 ? <li className={styles.hint}>No messages yet. Say hello!</li> : null}
        {messages.map((message) => (
          <MessageRow
            key={message.id}
            message={message}
            moderate={Boolean(you?.canModerate && me)}
            onError={setActionError}
          />
        ))}
      </ol>
      {actionError ? (
        <p className={styles.error} role="alert">
          {actionError}
        </p>
      ) : null}
      <Composer />
    </section>
  );
}
