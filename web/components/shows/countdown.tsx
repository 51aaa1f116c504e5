'use client';

import { countdownParts } from '../../format/date-time';
import styles from './countdown.module.css';
import { useNow } from './use-now';

const pad = (value: number) => String(value).padStart(2, '0');

/** Large days/hours/minutes/seconds countdown that ticks every second. */
export function Countdown({ target, startedLabel = 'Starting any moment' }: { target: string; startedLabel?: string }) {
  const now = useNow();
  const parts = countdownParts(target, now);
  if (parts.totalMs === 0) {
    return (
      <p className={styles.compact} data-testid="countdown" role="timer">
        {startedLabel}
      </p>
    );
  }
  const units = [
    { label: 'days', value: String(parts.days) },
    { label: 'hours', value: pad(parts.hours) },
    { label: 'min', value: pad(parts.minutes) },
    { label: 'sec', value: pad(parts.seconds) },
  ];
  const spoken = `${parts.days} days ${parts.hours} hours ${parts.minutes} minutes`;
  return (
    <div className={styles.countdown} data-testid="countdown" role="timer" aria-label={`Starts in ${spoken}`}>
      {units.map((unit) => (
        <div className={styles.unit} key={unit.label} aria-hidden="true">
          <span className={styles.value}>{unit.value}</span>
          <span className={styles.label}>{unit.label}</span>
        </div>
      ))}
    </div>
  );
}

/** One-line "in 2d 03:04:05" for cards. */
export function CompactCountdown({ target }: { target: string }) {
  const now = useNow();
  const parts = countdownParts(target, now);
  if (parts.totalMs === 0) return <span className={styles.compact}>Starting soon</span>;
  const clock = `${pad(parts.hours)}:${pad(parts.minutes)}:${pad(parts.seconds)}`;
  return (
    <span className={styles.compact} data-testid="card-countdown">
      Starts in {parts.days > 0 ? `${parts.days}d ` : ''}
      {clock}
    </span>
  );
}
