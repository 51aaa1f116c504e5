'use client';

import { useState } from 'react';
import type { Restriction } from '../../../server/realtime/contract';
import { useShowRoom } from '../show-page/show-room-context';
import { useShowRoomLive } from './show-room-live';
import styles from './show-room.module.css';

const slowModeChoices = [0, 5, 10, 30, 60, 120];

function PinControls() {
  const { products } = useShowRoom();
  const { pins, command } = useShowRoomLive();
  const [error, setError] = useState<string | null>(null);
  const pinned = new Set(pins.map((pin) => pin.showProductId));
  const toggle = async (showProductId: string) => {
    const result = await command(pinned.has(showProductId) ? 'pin:remove' : 'pin:add', { showProductId });
    setError(result.ok ? null : result.error.message);
  };
  return (
    <fieldset className={styles.controlGroup}>
      <legend>Pinned products (up to 3)</legend>
      <ul className={styles.pinList}>
        {products.map((product) => (
          <li key={product.showProductId}>
            <label>
              <input
                type="checkbox"
                checked={pinned.has(product.showProductId)}
                onChange={() => void toggle(product.showProductId)}
              />{' '}
              {product.title}
            </label>
          </li>
        ))}
      </ul>
      {error ? (
        <p className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

function ModerationList() {
  const { command } = useShowRoomLive();
  const [restrictions, setRestrictions] = useState<Restriction[] | null>(null);
  const [words, setWords] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const load = async () => {
    const result = await command('moderation:list', {});
    if (!result.ok) return setMessage(result.error.message);
    setRestrictions(result.data.restrictions);
    setWords(result.data.blockedWords.join(', '));
  };
  const lift = async (restriction: Restriction) => {
    const result = await command('moderation:lift', { userId: restriction.userId, kind: restriction.kind });
    if (result.ok) void load();
    else setMessage(result.error.message);
  };
  const saveWords = async (event: React.FormEvent) => {
    event.preventDefault();
    const list = words
      .split(',')
      .map((word) => word.trim())
      .filter(Boolean);
    const result = await command('moderation:set-blocked-words', { words: list });
    setMessage(result.ok ? `Saved ${result.data.blockedWords.length} blocked words.` : result.error.message);
  };
  if (!restrictions) {
    return (
      <button type="button" className="button button-small" onClick={() => void load()}>
        Show restrictions and blocked words
      </button>
    );
  }
  return (
    <>
      <fieldset className={styles.controlGroup}>
        <legend>Restricted viewers</legend>
        {restrictions.length === 0 ? <p className={styles.hint}>Nobody is muted or banned.</p> : null}
        <ul className={styles.pinList}>
          {restrictions.map((r) => (
            <li key={`${r.userId}:${r.kind}`}>
              {r.kind.replace('_', ' ').toLowerCase()} · <code>{r.userId}</code>
              {r.until ? ` until ${new Date(r.until).toLocaleTimeString()}` : ''}{' '}
              <button type="button" className={styles.linkButton} onClick={() => void lift(r)}>
                Lift
              </button>
            </li>
          ))}
        </ul>
      </fieldset>
      <form className={styles.controlGroup} onSubmit={saveWords}>
        <label htmlFor="blocked-words">Blocked words (comma separated, whole brand)</label>
        <textarea id="blocked-words" rows={2} value={words} onChange={(event) => setWords(event.target.value)} />
        <button className="button button-small" type="submit">
          Save words
        </button>
      </form>
      {message ? (
        <p className={styles.hint} role="status">
          {message}
        </p>
      ) : null}
    </>
  );
}

/** The show team's panel: pins, chat settings, restrictions, blocked words, chat export. */
export function HostControls() {
  const { showId, brand } = useShowRoom();
  const { you, settings, command, keywordCounts } = useShowRoomLive();
  const [error, setError] = useState<string | null>(null);
  if (!you?.canModerate) return null;
  const configure = async (change: Record<string, unknown>) => {
    const result = await command('chat:configure', change);
    setError(result.ok ? null : result.error.message);
  };
  return (
    <details className={styles.controls} data-testid="host-controls">
      <summary>Show team controls</summary>
      {keywordCounts ? (
        <p className={styles.hint} data-testid="keyword-order-count">
          Chat orders: {keywordCounts.holds} held · {keywordCounts.waiting} waiting
        </p>
      ) : null}
      {you.canPin ? <PinControls /> : null}
      <fieldset className={styles.controlGroup}>
        <legend>Chat</legend>
        <label>
          Slow mode{' '}
          <select
            value={settings.slowModeSeconds}
            onChange={(event) => void configure({ slowModeSeconds: Number(event.target.value) })}
          >
            {slowModeChoices.map((seconds) => (
              <option key={seconds} value={seconds}>
                {seconds === 0 ? 'off' : `${seconds} s`}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={settings.chatRequiresSignIn}
            onChange={(event) => void configure({ chatRequiresSignIn: event.target.checked })}
          />{' '}
          Only signed-in viewers can chat
        </label>
        <a href={`/api/brands/${encodeURIComponent(brand.id)}/shows/${encodeURIComponent(showId)}/chat.csv`} download>
          Export chat (CSV)
        </a>
      </fieldset>
      <ModerationList />
      {error ? (
        <p className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
    </details>
  );
}
