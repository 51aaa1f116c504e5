// Holding, confirming, moving and ending appointments. Every seat is taken by livecart_hold_appointment (one round
// trip; its constraints decide races) and given back by livecart_end_appointment; see the migration
// 20261206064506_boutiques_appointments_offers.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Database } from '../database/prisma-client';
import { sqlPool } from '../database/prisma-client';
import { AppError, notFound } from '../errors/app-error';
import type { HoldInput } from './appointment-schemas';
import { appointmentType, bookingContext } from './booking-context';
import { forgetListings } from './availability-service';
import { forgetFull, gatedHold, slotKey, type HoldOutcome } from './slot-gate';
import { busyRange, isScheduledStart } from './slot-engine';

/** Whether a start is on an advisor's schedule, remembered per cached booking context (notice is checked apart). */
const scheduled = new WeakMap<object, Map<string, boolean>>();
function onSchedule(
  context: Awaited<ReturnType<typeof bookingContext>>,
  type: Awaited<ReturnType<typeof appointmentType>>,
  advisorId: string,
  start: number,
): boolean {
  let memo = scheduled.get(context);
  if (!memo) {
    memo = new Map();
    scheduled.set(context, memo);
  }
  const key = slotKey(advisorId, start, type.id);
  let known = memo.get(key);
  if (known === undefined) {
    const request = {
      timeZone: context.boutique.timeZone,
      boutique: context.schedule,
      advisors: context.advisors,
      type: { ...type, minimumNoticeMinutes: 0 },
      now: 0,
    };
    known = isScheduledStart(request, advisorId, start);
    if (memo.size > 20_000) memo.clear();
    memo.set(key, known);
  }
  return known;
}

/** How long a picked slot is kept for her while she confirms. */
export const holdSeconds = 300;
/** Upcoming appointments one customer may have with one brand (held or booked). */
export const maxActivePerCustomer = 3;

const holdCall = `SELECT livecart_hold_appointment($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) AS result`;
const endCall = 'SELECT livecart_end_appointment($1, $2, $3) AS result';

interface Placement {
  brandId: string;
  userId: string;
  boutiqueId: string;
  typeId: string;
  advisorId?: string;
  /** Tried first when any advisor will do (a moved booking stays with her advisor when it can). */
  preferAdvisorId?: string;
  startsAt: string;
  productId: string | null;
  reminderChannels: string[];
  status: 'HELD' | 'BOOKED';
  rescheduledFrom: string | null;
}

/** Takes a seat with the first advisor free at that time; the id of the new appointment. */
async function place(
  db: Database,
  placement: Placement,
  now: number,
  sql: Pick<pg.Pool, 'query'> = sqlPool(db),
): Promise<{ id: string; holdExpiresAt: Date | null }> {
  const [context, type] = await Promise.all([
    bookingContext(db, placement.brandId, placement.boutiqueId),
    appointmentType(db, placement.brandId, placement.typeId),
  ]);
  const start = Date.parse(placement.startsAt);
  const tooSoon = start < now + type.minimumNoticeMinutes * 60_000;
  const advisors = context.advisors
    .filter(
      (advisor) =>
        !tooSoon &&
        (!placement.advisorId || advisor.id === placement.advisorId) &&
        onSchedule(context, type, advisor.id, start),
    )
    .sort((a, b) => Number(b.id === placement.preferAdvisorId) - Number(a.id === placement.preferAdvisorId));
  if (!advisors.length)
    throw new AppError(
      'SLOT_UNAVAILABLE',
      'that time is not one of the boutique’s slots (opening hours, advisors and minimum notice)',
    );
  const busy = busyRange(type, start);
  const holdExpiresAt = placement.status === 'HELD' ? new Date(now + holdSeconds * 1000) : null;
  for (const advisor of advisors) {
    const id = randomUUID();
    const call = async () =>
      (
        await sql.query<{ result: HoldOutcome }>(holdCall, [
          id,
          randomUUID(),
          placement.brandId,
          placement.boutiqueId,
          advisor.id,
          type.id,
          placement.userId,
          placement.productId,
          new Date(start).toISOString(),
          new Date(start + type.lengthMinutes * 60_000).toISOString(),
          new Date(busy.start).toISOString(),
          new Date(busy.end).toISOString(),
          type.capacity,
          placement.status,
          holdExpiresAt?.toISOString() ?? null,
          placement.reminderChannels,
          placement.rescheduledFrom,
          new Date(now).toISOString(),
          placement.rescheduledFrom ? null : maxActivePerCustomer,
        ])
      ).rows[0]!.result;
    // Inside a reschedule's transaction the gate is bypassed: that transaction has just given a seat back.
    const outcome = placement.rescheduledFrom
      ? await call()
      : await gatedHold(slotKey(advisor.id, start, type.id), now, type.capacity, call);
    if (outcome === 'OK') {
      forgetListings(placement.boutiqueId);
      return { id, holdExpiresAt };
    }
    if (outcome === 'DUPLICATE') throw new AppError('CONFLICT', 'you already have this time');
    if (outcome === 'LIMIT')
      throw new AppError(
        'APPOINTMENT_LIMIT',
        `you can have at most ${maxActivePerCustomer} upcoming appointments with this brand`,
      );
  }
  throw new AppError('SLOT_TAKEN', 'someone has just taken that time; pick another');
}

export async function holdSlot(db: Database, brandId: string, userId: string, input: HoldInput, now = Date.now()) {
  if (input.productId) {
    const product = await db.product.findFirst({
      where: { id: input.productId, brandId, archivedAt: null },
      select: { id: true },
    });
    if (!product) throw notFound('product');
  }
  const held = await place(
    db,
    {
      brandId,
      userId,
      ...input,
      productId: input.productId ?? null,
      reminderChannels: [...new Set(input.reminderChannels)],
      status: 'HELD',
      rescheduledFrom: null,
    },
    now,
  );
  if (!held.holdExpiresAt) throw new Error('a hold without an expiry');
  return { id: held.id, holdExpiresAt: held.holdExpiresAt };
}

async function ownAppointment(db: Database, userId: string, appointmentId: string) {
  const appointment = await db.appointment.findFirst({ where: { id: appointmentId, userId } });
  if (!appointment) throw notFound('appointment');
  return appointment;
}

/** Turns her hold into a booking while the hold lasts. */
export async function confirmHold(
  db: Database,
  userId: string,
  appointmentId: string,
  reminderChannels?: string[],
  now = Date.now(),
): Promise<void> {
  const { rowCount } = await sqlPool(db).query(
    `UPDATE "Appointment" SET "status" = 'BOOKED', "holdExpiresAt" = NULL, "updatedAt" = $3, "reminderChannels" = COALESCE($4, "reminderChannels")
     WHERE "id" = $1 AND "userId" = $2 AND "status" = 'HELD' AND "holdExpiresAt" > $3`,
    [appointmentId, userId, new Date(now).toISOString(), reminderChannels ? [...new Set(reminderChannels)] : null],
  );
  if (rowCount === 1) return;
  const appointment = await ownAppointment(db, userId, appointmentId);
  if (appointment.status === 'BOOKED') return; // a retried confirm
  throw new AppError('HOLD_EXPIRED', 'the time was kept for you for 5 minutes and has been released; pick it again');
}

async function end(
  db: Database,
  appointmentId: string,
  status: 'CANCELLED' | 'EXPIRED',
  now: number,
  advisorId: string | null = null,
): Promise<boolean> {
  const { rows } = await sqlPool(db).query<{ result: string }>(endCall, [
    appointmentId,
    status,
    new Date(now).toISOString(),
  ]);
  const ended = rows[0]!.result === 'OK';
  if (ended) {
    forgetFull(advisorId);
    forgetListings(null);
  }
  return ended;
}

export async function cancelAppointment(
  db: Database,
  userId: string,
  appointmentId: string,
  now = Date.now(),
): Promise<void> {
  const appointment = await ownAppointment(db, userId, appointmentId);
  if (!(await end(db, appointmentId, 'CANCELLED', now, appointment.advisorId)))
    throw new AppError('APPOINTMENT_NOT_ACTIVE', 'this appointment is no longer active');
}

/** Staff: cancel on the boutique's side (the advisor is ill), or mark a no-show after the start. */
export async function staffEndAppointment(
  db: Database,
  brandId: string,
  appointmentId: string,
  outcome: 'CANCELLED' | 'NO_SHOW' | 'COMPLETED',
  now = Date.now(),
): Promise<void> {
  const appointment = await db.appointment.findFirst({ where: { id: appointmentId, brandId } });
  if (!appointment) throw notFound('appointment');
  if (outcome === 'CANCELLED') {
    if (!(await end(db, appointmentId, 'CANCELLED', now, appointment.advisorId)))
      throw new AppError('APPOINTMENT_NOT_ACTIVE', 'this appointment is no longer active');
    return;
  }
  if (appointment.startsAt.getTime() > now)
    throw new AppError('APPOINTMENT_NOT_ACTIVE', 'an appointment is marked after it starts');
  // The time was spent either way: the seat stays taken.
  const { count } = await db.appointment.updateMany({
    where: { id: appointmentId, status: 'BOOKED' },
    data: { status: outcome },
  });
  if (count === 0) throw new AppError('APPOINTMENT_NOT_ACTIVE', 'only a booked appointment can be marked');
}

/**
 * Moves a booking to another time in one transaction: the old seat is given back and the new one taken, both or
 * neither (so she can move half an hour later with the same advisor, whose busy cells the old time held).
 */
export async function rescheduleAppointment(
  db: Database,
  userId: string,
  appointmentId: string,
  input: { startsAt: string; advisorId?: string },
  now = Date.now(),
) {
  const old = await ownAppointment(db, userId, appointmentId);
  if (old.status !== 'BOOKED') throw new AppError('APPOINTMENT_NOT_ACTIVE', 'only a booked appointment can be moved');
  const client = await sqlPool(db).connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ result: string }>(endCall, [
      old.id,
      'CANCELLED',
      new Date(now).toISOString(),
    ]);
    if (rows[0]!.result !== 'OK') throw new AppError('APPOINTMENT_NOT_ACTIVE', 'this appointment is no longer active');
    const moved = await place(
      db,
      {
        brandId: old.brandId,
        userId,
        boutiqueId: old.boutiqueId,
        typeId: old.typeId,
        advisorId: input.advisorId,
        preferAdvisorId: old.advisorId,
        startsAt: input.startsAt,
        productId: old.productId,
        reminderChannels: old.reminderChannels,
        status: 'BOOKED',
        rescheduledFrom: old.id,
      },
      now,
      client,
    );
    await client.query('COMMIT');
    forgetFull(old.advisorId);
    forgetListings(old.boutiqueId);
    return moved;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** The sweeper: holds past their time give their seats back. Returns how many ended. */
export async function expireHolds(db: Database, now = Date.now(), limit = 200): Promise<number> {
  const due = await db.appointment.findMany({
    where: { status: 'HELD', holdExpiresAt: { lt: new Date(now) } },
    select: { id: true, advisorId: true },
    take: limit,
  });
  let ended = 0;
  for (const { id, advisorId } of due) if (await end(db, id, 'EXPIRED', now, advisorId)) ended++;
  return ended;
}
