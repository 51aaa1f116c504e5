'use client';

import { useEffect, useRef, useState } from 'react';
import { reactionKinds, type ReactionKind } from '../../../server/realtime/contract';
import { useShowRoomLive } from './show-room-live';
import styles from './show-room.module.css';

const emoji: Record<ReactionKind, string> = { heart: '❤️', fire: '🔥', clap: '👏', laugh: '😂', wow: '😮' };
const maxFloating = 40;

interface Floater {
  id: number;
  kind: ReactionKind;
  left: number;
}

/** Reaction buttons and the hearts that float up: a frame's counts become at most a few floaters each. */
export function FloatingReactions({ variant = 'row' }: { variant?: 'row' | 'column' }) {
  const { command, onReactions, connection } = useShowRoomLive();
  const [floaters, setFloaters] = useState<Floater[]>([]);
  const nextId = useRef(0);

  useEffect(
    () =>
      onReactions((counts) => {
        const added: Floater[] = [];
        for (const kind of reactionKinds) {
          const shown = Math.min(counts[kind] ?? 0, 5);
          for (let i = 0; i < shown; i++) added.push({ id: nextId.current++, kind, left: 10 + Math.random() * 80 });
        }
        if (added.length) setFloaters((current) => [...current, ...added].slice(-maxFloating));
      }),
    [onReactions],
  );

  return (
    <div
      className={`${styles.reactions} ${variant === 'column' ? styles.reactionsColumn : ''}`}
      data-testid="reactions"
    >
      <div className={styles.floaters} aria-hidden="true">
        {floaters.map((floater) => (
          <span
            key={floater.id}
            className={styles.floater}
            style={{ left: `${floater.left}%` }}
            onAnimationEnd={() => setFloaters((current) => current.filter((f) => f.id !== floater.id))}
          >
            {emoji[floater.kind]}
          </span>
        ))}
      </div>
      <div className={styles.reactionButtons} role="group" aria-label="React">
        {reactionKinds.map((kind) => (
          <button
            key={kind}
            type="button"
            className={styles.reactionButton}
            aria-label={`React with ${kind}`}
            disabled={connection !== 'live'}
            onClick={() => void command('reaction:send', { kind })}
          >
            {emoji[kind]}
          </button>
        ))}
      </div>
    </div>
  );
}
