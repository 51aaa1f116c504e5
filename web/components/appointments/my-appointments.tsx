'use client';

import Link from 'next/link';
import { useState } from 'react';
import {
  type AppointmentView,
  bookingRoutes,
  myAppointmentRoutes,
  type SlotView,
} from '../../../server/appointments/appointment-schemas';
import { call, errorMessage } from '../../api/api-client';
import { useApiQuery } from '../../api/queries';
import { RequireSession } from '../console/require-session';
import { Alert, EmptyState, ErrorState, LoadingState } from '../feedback/feedback';
import { formatInZone } from './appointment-format';
import styles from './appointments.module.css';
import { SlotPicker } from './slot-picker';

const statusLabels: Record<AppointmentView['status'], string> = {
  HELD: 'Waiting for your confirmation',
  BOOKED: 'Booked',
  CANCELLED: 'Cancelled',
  EXPIRED: 'Not confirmed',
  NO_SHOW: 'Missed',
  COMPLETED: 'Done',
};

export function MyAppointments() {
  return <RequireSession>{() => <AppointmentList />}</RequireSession>;
}

function AppointmentList() {
  const { data, error, loading, reload } = useApiQuery(myAppointmentRoutes.list, {});
  return (
    <main className="container">
      <h1>My appointments</h1>
      {loading && !data ? <LoadingState label="Loading your appointments…" /> : null}
      {error ? <ErrorState message={error.message} onRetry={() => void reload()} /> : null}
      {data && data.items.length === 0 ? (
        <EmptyState title="No appointments yet">Book a private viewing from a product or a brand’s page.</EmptyState>
      ) : null}
      <ul className={styles.list} data-testid="my-appointments">
        {data?.items.map((appointment) => (
          <AppointmentItem key={appointment.id} appointment={appointment} onChange={() => void reload()} />
        ))}
      </ul>
    </main>
  );
}

function AppointmentItem({ appointment, onChange }: { appointment: AppointmentView; onChange: () => void }) {
  const [moving, setMoving] = useState<SlotView[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const upcoming = appointment.status === 'BOOKED' && Date.parse(appointment.startsAt) > Date.now();
  const { boutique } = appointment;

  async function act(run: () => Promise<unknown>) {
    setBusy(true);
    setMessage(null);
    try {
      await run();
      setMoving(null);
      onChange();
    } catch (caught) {
      setMessage(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  async function startMoving() {
    setMessage(null);
    try {
      const page = await call(bookingRoutes.slots, {
        params: { brandId: appointment.brandId, boutiqueId: boutique.id },
        query: { typeId: appointment.type.id, days: 14 },
      });
      setMoving(page.items);
    } catch (caught) {
      setMessage(errorMessage(caught));
    }
  }

  return (
    <li className={`card ${styles.item}`} data-testid="appointment">
      <div className={styles.itemHead}>
        <strong>{appointment.type.name}</strong>
        <span className={`badge ${appointment.status === 'BOOKED' ? 'badge-success' : ''}`}>
          {statusLabels[appointment.status]}
        </span>
      </div>
      <span>{formatInZone(appointment.startsAt, boutique.timeZone)}</span>
      <span className="muted">
        {boutique.name}, {boutique.address}, {boutique.city} · with {appointment.advisor.name}
      </span>
      {appointment.product ? (
        <span className={styles.product}>Set aside for you: {appointment.product.title}</span>
      ) : null}
      <Alert>{message}</Alert>
      {upcoming ? (
        <div className={styles.actions}>
          <a
            className="button button-small"
            href={`/api/me/appointments/${encodeURIComponent(appointment.id)}/calendar.ics`}
            download
          >
            Add to calendar
          </a>
          <button
            type="button"
            className="button button-small"
            disabled={busy}
            onClick={() => void (moving ? setMoving(null) : startMoving())}
          >
            {moving ? 'Keep this time' : 'Change the time'}
          </button>
          <button
            type="button"
            className="button button-small button-danger"
            disabled={busy}
            onClick={() =>
              void act(() => call(myAppointmentRoutes.cancel, { params: { appointmentId: appointment.id } }))
            }
            data-testid="cancel-appointment"
          >
            Cancel
          </button>
        </div>
      ) : null}
      {moving ? (
        <SlotPicker
          slots={moving}
          timeZone={boutique.timeZone}
          busy={busy}
          onPick={(slot) =>
            void act(() =>
              call(myAppointmentRoutes.reschedule, {
                params: { appointmentId: appointment.id },
                body: { startsAt: slot.startsAt },
              }),
            )
          }
        />
      ) : null}
      {appointment.status === 'CANCELLED' ? <Link href="/">Book again from a brand’s page</Link> : null}
    </li>
  );
}
