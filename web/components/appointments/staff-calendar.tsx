'use client';

import { useState } from 'react';
import { type AppointmentView, boutiqueRoutes } from '../../../server/appointments/appointment-schemas';
import { call, errorMessage } from '../../api/api-client';
import { useApiQuery } from '../../api/queries';
import { Alert, EmptyState, ErrorState, LoadingState } from '../feedback/feedback';
import { dayKey, formatInZone } from './appointment-format';
import styles from './appointments.module.css';

const actions = {
  cancel: boutiqueRoutes.cancel,
  'no-show': boutiqueRoutes.noShow,
  complete: boutiqueRoutes.complete,
} as const;

const day = 86_400_000;
const startOfToday = () => {
  const now = new Date();
  now.setHours(0, 0, 0, 0);
  return now.getTime();
};

/** The staff calendar: one boutique's week, all advisors or one, with held and booked appointments. */
export function StaffCalendar({ brandId }: { brandId: string }) {
  const boutiques = useApiQuery(boutiqueRoutes.list, { params: { brandId } });
  const [boutiqueId, setBoutiqueId] = useState<string | null>(null);
  const [advisorId, setAdvisorId] = useState('');
  const [from, setFrom] = useState(startOfToday);
  const current = boutiques.data?.items.find((item) => item.id === boutiqueId) ?? boutiques.data?.items[0];
  const calendar = useApiQuery(
    boutiqueRoutes.calendar,
    current
      ? {
          params: { brandId, boutiqueId: current.id },
          query: { from: new Date(from).toISOString(), days: 7, ...(advisorId ? { advisorId } : {}) },
        }
      : null,
  );
  const [message, setMessage] = useState<string | null>(null);

  if (boutiques.loading && !boutiques.data) return <LoadingState />;
  if (boutiques.error) return <ErrorState message={boutiques.error.message} onRetry={() => void boutiques.reload()} />;
  if (!current)
    return (
      <EmptyState title="No boutiques yet">
        Add boutiques, advisors and appointment types through the API (POST /api/brands/:brandId/boutiques).
      </EmptyState>
    );

  const timeZone = current.timeZone;
  const days = Array.from({ length: 7 }, (_, i) => new Date(from + i * day + day / 2).toISOString());
  const byDay = new Map<string, AppointmentView[]>();
  for (const appointment of calendar.data?.appointments ?? []) {
    const key = dayKey(appointment.startsAt, timeZone);
    byDay.set(key, [...(byDay.get(key) ?? []), appointment]);
  }

  async function mark(appointment: AppointmentView, action: 'no-show' | 'complete' | 'cancel') {
    setMessage(null);
    try {
      await call(actions[action], { params: { brandId, appointmentId: appointment.id } });
      await calendar.reload();
    } catch (caught) {
      setMessage(errorMessage(caught));
    }
  }

  return (
    <section className="stack" data-testid="staff-calendar">
      <div className={styles.toolbar}>
        <label className="visually-hidden" htmlFor="boutique">
          Boutique
        </label>
        <select
          id="boutique"
          className="select"
          value={current.id}
          onChange={(event) => {
            setBoutiqueId(event.target.value);
            setAdvisorId('');
          }}
        >
          {boutiques.data?.items.map((item) => (
            <option key={item.id} value={item.id}>
              {item.name} · {item.city}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor="advisor">
          Advisor
        </label>
        <select
          id="advisor"
          className="select"
          value={advisorId}
          onChange={(event) => setAdvisorId(event.target.value)}
        >
          <option value="">All advisors</option>
          {current.advisors.map((advisor) => (
            <option key={advisor.id} value={advisor.id}>
              {advisor.name}
            </option>
          ))}
        </select>
        <button type="button" className="button button-small" onClick={() => setFrom(from - 7 * day)}>
          Previous week
        </button>
        <button type="button" className="button button-small" onClick={() => setFrom(startOfToday())}>
          This week
        </button>
        <button type="button" className="button button-small" onClick={() => setFrom(from + 7 * day)}>
          Next week
        </button>
        <span className="muted">Times in {timeZone.replace('_', ' ')}</span>
      </div>
      <Alert>{message}</Alert>
      {calendar.error ? <ErrorState message={calendar.error.message} onRetry={() => void calendar.reload()} /> : null}
      <div className={styles.calendar}>
        {days.map((iso) => {
          const entries = byDay.get(dayKey(iso, timeZone)) ?? [];
          return (
            <div key={iso} className={styles.calendarDay}>
              <h3>{formatInZone(iso, timeZone, 'day')}</h3>
              {entries.length === 0 ? <span className="muted">—</span> : null}
              {entries.map((appointment) => {
                const started = Date.parse(appointment.startsAt) <= Date.now();
                const done = appointment.status === 'NO_SHOW' || appointment.status === 'COMPLETED';
                return (
                  <div
                    key={appointment.id}
                    className={`${styles.entry} ${appointment.status === 'HELD' ? styles.entryHeld : ''} ${done ? styles.entryDone : ''}`}
                    data-testid="calendar-entry"
                  >
                    <strong>
                      {formatInZone(appointment.startsAt, timeZone, 'time')}–
                      {formatInZone(appointment.endsAt, timeZone, 'time')}
                    </strong>
                    <span>
                      {appointment.type.name} · {appointment.customer?.name ?? ''}
                    </span>
                    <span className="muted">
                      {appointment.advisor.name}
                      {appointment.status !== 'BOOKED'
                        ? ` · ${appointment.status.toLowerCase().replace('_', '-')}`
                        : ''}
                    </span>
                    {appointment.product ? <span>Set aside: {appointment.product.title}</span> : null}
                    {appointment.status === 'BOOKED' ? (
                      <span className={styles.actions}>
                        {started ? (
                          <>
                            <button
                              type="button"
                              className="button-link"
                              onClick={() => void mark(appointment, 'complete')}
                            >
                              Done
                            </button>
                            <button
                              type="button"
                              className="button-link"
                              onClick={() => void mark(appointment, 'no-show')}
                            >
                              No-show
                            </button>
                          </>
                        ) : (
                          <button
                            type="button"
                            className="button-link"
                            onClick={() => void mark(appointment, 'cancel')}
                          >
                            Cancel
                          </button>
                        )}
                      </span>
                    ) : null}
                  </div>
                );
              })}
            </div>
          );
        })}
      </div>
    </section>
  );
}
