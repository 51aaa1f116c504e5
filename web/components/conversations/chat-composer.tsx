'use client';

// Writing a message: text (Enter sends, Shift+Enter a new line), an image, and for staff canned replies with
// /shortcuts, private notes and product cards (passed in as `extra`).
import { useRef, useState } from 'react';
import { ApiError } from '../../api/api-client';
import type { CannedReply } from '../../../server/conversations/conversation-schemas';
import styles from './conversations.module.css';

export type { CannedReply };

export function ChatComposer({
  onSend,
  onImage,
  onTyping,
  canned = [],
  placeholder = 'Write a message',
  extra,
  disabled,
}: {
  onSend(text: string): Promise<void>;
  onImage?(file: File): Promise<void>;
  onTyping?(): void;
  canned?: CannedReply[];
  placeholder?: string;
  extra?: React.ReactNode;
  disabled?: boolean;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const shortcut = /^\/([a-z0-9_-]*)$/.exec(text.trim())?.[1];
  const suggestions =
    shortcut !== undefined ? canned.filter((reply) => reply.shortCode.startsWith(shortcut)).slice(0, 6) : [];

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(caught instanceof ApiError || caught instanceof Error ? caught.message : 'Could not send');
    } finally {
      setBusy(false);
    }
  };
  const send = () => {
    const body = text.trim();
    if (!body || busy) return;
    void run(async () => {
      await onSend(body);
      setText('');
    });
  };

  return (
    <div className={styles.composer}>
      {suggestions.length ? (
        <ul className={styles.suggestions} data-testid="canned-suggestions">
          {suggestions.map((reply) => (
            <li key={reply.id}>
              <button type="button" onClick={() => setText(reply.text)}>
                <strong>/{reply.shortCode}</strong> <span className="muted">{reply.text.slice(0, 80)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {extra}
      <div className={styles.composerRow}>
        {onImage ? (
          <>
            <button
              type="button"
              className="button button-small"
              aria-label="Attach an image"
              onClick={() => file.current?.click()}
              disabled={busy || disabled}
            >
              +
            </button>
            <input
              ref={file}
              type="file"
              accept="image/png,image/jpeg,image/webp"
              hidden
              onChange={(event) => {
                const chosen = event.target.files?.[0];
                event.target.value = '';
                if (chosen) void run(() => onImage(chosen));
              }}
            />
          </>
        ) : null}
        <textarea
          className={styles.input}
          value={text}
          maxLength={2000}
          rows={1}
          placeholder={placeholder}
          aria-label={placeholder}
          disabled={disabled}
          data-testid="chat-input"
          onChange={(event) => {
            setText(event.target.value);
            onTyping?.();
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              if (suggestions.length === 1 && suggestions[0]) setText(suggestions[0].text);
              else send();
            }
          }}
        />
        <button
          type="button"
          className="button button-primary"
          onClick={send}
          disabled={busy || disabled || !text.trim()}
          data-testid="chat-send"
        >
          Send
        </button>
      </div>
      {error ? (
        <p role="alert" className={styles.error}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
