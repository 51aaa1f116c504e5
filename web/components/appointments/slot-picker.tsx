'use client';

import type { SlotView } from '../../../server/appointments/appointment-schemas';
import { dayKey, formatInZone } from './appointment-format';
import styles from './appointments.module.css';

/** Free times grouped by day in the boutique's time zone; one tap picks one. */
export function SlotPicker({ slots, timeZone, busy, onPick }: { slots: SlotView[]; timeZone: string; busy: boolean; onPick: (slot: SlotView) => void }) {
  const days = new Map<string, SlotView[]>();
  for (const slot of slots) {
    const key = dayKey(slot.startsAt, timeZone);
    days.set(key, [...(days.get(key) ?? []), slot]);
  }
  if (!slots.length) return <p className="muted">No free time in the next days. Try another boutique.</p>;
  return (
    <div className={styles.days} data-testid="slot-picker">
      {[...days.values()].slice(0, 7).map((daySlots) => (
        <section key={daySlots[0]!.startsAt} className={styles.day}>
          <h3 className={styles.dayTitle}>{formatInZone(daySlots[0]!.startsAt, timeZone, 'day')}</h3>
          <div className={styles.slots}>
            {daySlots.map((slot) => (
              <button key={slot.startsAt} type="button" className={`button button-small ${styles.slot}`} disabled={busy} onClick={() => onPick(slot)} data-testid="slot">
                {formatInZone(slot.startsAt, timeZone, 'time')}
              </button>
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}
