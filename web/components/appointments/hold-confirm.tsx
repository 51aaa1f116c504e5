'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { myAppointmentRoutes } from '../../../server/appointments/appointment-schemas';
import { call, errorMessage } from '../../api/api-client';
import { Alert } from '../feedback/feedback';
import { formatInZone } from './appointment-format';
import styles from './appointments.module.css';
import type { Held } from './booking-flow';

/** The time is kept for her for a few minutes: she confirms (choosing how to be reminded) or goes back. */
export function HoldConfirm({
  held,
  productTitle,
  onBack,
}: {
  held: Held;
  productTitle: string | null;
  onBack: () => void;
}) {
  const [left, setLeft] = useState(() => Date.parse(held.holdExpiresAt) - Date.now());
  const [channels, setChannels] = useState<{ INAPP: boolean; EMAIL: boolean }>({ INAPP: true, EMAIL: true });
  const [state, setState] = useState<'holding' | 'sending' | 'booked'>('holding');
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    const timer = setInterval(() => setLeft(Date.parse(held.holdExpiresAt) - Date.now()), 1000);
    return () => clearInterval(timer);
  }, [held.holdExpiresAt]);

  async function confirm() {
    setState('sending');
    setMessage(null);
    try {
      await call(myAppointmentRoutes.confirm, {
        params: { appointmentId: held.id },
        body: { reminderChannels: (['INAPP', 'EMAIL'] as const).filter((channel) => channels[channel]) },
      });
      setState('booked');
    } catch (caught) {
      setMessage(errorMessage(caught));
      setState('holding');
    }
  }

  const { boutique, slot, type } = held;
  const expired = left <= 0 && state !== 'booked';
  const minutes = Math.max(0, Math.floor(left / 60_000));
  const seconds = Math.max(0, Math.floor((left % 60_000) / 1000));
  return (
    <main className="container">
      <div className={styles.flow}>
        <h1>{state === 'booked' ? 'You are booked' : 'Confirm your appointment'}</h1>
        <section
          className={`card ${styles.step}`}
          data-testid={state === 'booked' ? 'booking-done' : 'booking-confirm'}
        >
          <dl className={styles.summary}>
            <dt>What</dt>
            <dd>
              {type.name} · {type.lengthMinutes} min
            </dd>
            <dt>When</dt>
            <dd>{formatInZone(slot.startsAt, boutique.timeZone)}</dd>
            <dt>Where</dt>
            <dd>
              {boutique.name}, {boutique.address}, {boutique.city}
              {boutique.phone ? <span className="muted"> · {boutique.phone}</span> : null}
            </dd>
            {productTitle ? (
              <>
                <dt>Set aside</dt>
                <dd>{productTitle}</dd>
              </>
            ) : null}
          </dl>
          {state === 'booked' ? (
            <>
              <Alert tone="success">We will remind you the day before and an hour before.</Alert>
              <div className={styles.actions}>
                <a
                  className="button"
                  href={`/api/me/appointments/${encodeURIComponent(held.id)}/calendar.ics`}
                  download
                >
                  Add to my calendar
                </a>
                <Link className="button button-primary" href="/appointments">
                  My appointments
                </Link>
              </div>
            </>
          ) : (
            <>
              <p className={expired ? '' : 'muted'} role="timer" aria-live="off">
                {expired
                  ? 'The time is no longer kept for you.'
                  : `Kept for you for ${minutes}:${String(seconds).padStart(2, '0')}`}
              </p>
              <fieldset className={styles.channels}>
                <legend className="muted">Remind me</legend>
                {(['INAPP', 'EMAIL'] as const).map((channel) => (
                  <label key={channel} className="checkbox">
                    <input
                      type="checkbox"
                      checked={channels[channel]}
                      onChange={(event) => setChannels({ ...channels, [channel]: event.target.checked })}
                    />
                    {channel === 'INAPP' ? 'In my inbox here' : 'By email'}
                  </label>
                ))}
              </fieldset>
              <Alert>{message}</Alert>
              <div className={styles.actions}>
                <button
                  type="button"
                  className="button button-primary"
                  onClick={() => void confirm()}
                  disabled={state === 'sending' || expired}
                  data-testid="confirm-booking"
                >
                  Confirm
                </button>
                <button type="button" className="button" onClick={onBack}>
                  {expired ? 'Pick another time' : 'Back'}
                </button>
              </div>
            </>
          )}
        </section>
      </div>
    </main>
  );
}
