'use client';

import { useState } from 'react';
import type { SlotView } from '../../../server/appointments/appointment-schemas';
import { dayKey, formatInZone } from './appointment-format';
import styles from './appointments.module.css';

/** Free times by day in the boutique's time zone: a row of days, then the chosen day's times; one tap picks one. */
export function SlotPicker({
  slots,
  timeZone,
  busy,
  onPick,
}: {
  slots: SlotView[];
  timeZone: string;
  busy: boolean;
  onPick: (slot: SlotView) => void;
}) {
  const days = new Map<string, SlotView[]>();
  for (const slot of slots) {
    const key = dayKey(slot.startsAt, timeZone);
    days.set(key, [...(days.get(key) ?? []), slot]);
  }
  const keys = [...days.keys()];
  const [chosen, setChosen] = useState<string | null>(null);
  if (!slots.length) return <p className="muted">No free time in the next two weeks. Try another boutique.</p>;
  const day = chosen && days.has(chosen) ? chosen : keys[0]!;
  return (
    <div className={styles.days} data-testid="slot-picker">
      <div className={styles.dayTabs} role="tablist" aria-label="Day">
        {keys.map((key) => (
          <button
            key={key}
            type="button"
            role="tab"
            aria-selected={key === day}
            className={`button button-small ${styles.dayTab}`}
            onClick={() => setChosen(key)}
          >
            {formatInZone(days.get(key)![0]!.startsAt, timeZone, 'short-day')}
          </button>
        ))}
      </div>
      <section
        className={styles.day}
        role="tabpanel"
        aria-label={formatInZone(days.get(day)![0]!.startsAt, timeZone, 'day')}
      >
        <h3 className={styles.dayTitle}>{formatInZone(days.get(day)![0]!.startsAt, timeZone, 'day')}</h3>
        <div className={styles.slots}>
          {days.get(day)!.map((slot) => (
            <button
              key={slot.startsAt}
              type="button"
              className={`button button-small ${styles.slot}`}
              disabled={busy}
              onClick={() => onPick(slot)}
              data-testid="slot"
            >
              {formatInZone(slot.startsAt, timeZone, 'time')}
            </button>
          ))}
        </div>
      </section>
    </div>
  );
}
