'use client';

import { useNow } from '../shows/use-now';
import type { StudioPhase } from './use-studio-publisher';
import styles from './studio.module.css';

function elapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (value: number) => String(value).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}

const labels: Record<StudioPhase, string> = {
  idle: 'Off air',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  ending: 'Ending…',
  ended: 'Ended',
};

/** On-air state with the time since the show went live. */
export function LiveIndicator({ phase, since }: { phase: StudioPhase; since: number | null }) {
  const now = useNow();
  const onAir = phase === 'live' || phase === 'reconnecting';
  return (
    <div
      className={`${styles.indicator} ${styles[`indicator-${phase}`] ?? ''}`}
      data-testid="live-indicator"
      data-phase={phase}
    >
      <span className={styles.dot} aria-hidden="true" />
      <span>{labels[phase]}</span>
      {onAir && since ? (
        <span className={styles.elapsed} data-testid="live-elapsed" role="timer" aria-label="Time on air">
          {elapsed(now - since)}
        </span>
      ) : null}
    </div>
  );
}
