import type { Database } from '../database/prisma-client';
import { Prisma } from '../../prisma/generated/client';
import type { ShowEvents } from '../shows/show-events';
import { skipRemaining } from './due-steps';

/**
 * Keeps each step's sendAt in line with its show. The worker decides what is due from the show row itself (see
 * due-steps.ts), so these handlers only keep the console's schedule accurate and wake the worker early; a worker in
 * another process that never sees these events still does the right thing.
 */
export async function moveStepsToStart(db: Database, showId: string, scheduledStartAt: Date): Promise<number> {
  return db.$executeRaw(Prisma.sql`
    UPDATE "Announcement" SET "sendAt" = ${scheduledStartAt}::timestamp - make_interval(mins => "offsetMinutes")
    WHERE "showId" = ${showId} AND "status" = 'PENDING' AND "trigger" = 'BEFORE_START'`);
}

export async function cancelStepsOfShow(db: Database, showId: string): Promise<number> {
  const { count } = await db.announcement.updateMany({
    where: { showId, status: 'PENDING' },
    data: { status: 'CANCELLED' },
  });
  const sending = await db.announcement.findMany({ where: { showId, status: 'SENDING' }, select: { id: true } });
  await skipRemaining(
    db,
    sending.map((step) => step.id),
    new Date(),
    'show cancelled',
  );
  return count;
}

export async function markLiveNowDue(db: Database, showId: string, now: Date): Promise<void> {
  await db.announcement.updateMany({
    where: { showId, status: 'PENDING', trigger: 'LIVE_NOW' },
    data: { sendAt: now },
  });
  // Countdown steps whose time had not come are moot once the show is live.
  await db.announcement.updateMany({
    where: { showId, status: 'PENDING', trigger: 'BEFORE_START' },
    data: { status: 'CANCELLED' },
  });
}

export function subscribeToShowEvents(
  db: Database,
  events: ShowEvents,
  wake: () => void,
  log: (line: string) => void,
): () => void {
  const safely = (what: string, showId: string, work: () => Promise<unknown>) => {
    work().then(wake, (error: unknown) =>
      log(
        `[announcements] [showId:${showId}] ${what} failed: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  };
  const onRescheduled = ({ showId, scheduledStartAt }: { showId: string; scheduledStartAt: Date }) =>
    safely('reschedule', showId, () => moveStepsToStart(db, showId, scheduledStartAt));
  const onCancelled = ({ showId }: { showId: string }) => safely('cancel', showId, () => cancelStepsOfShow(db, showId));
  const onLive = ({ showId }: { showId: string }) =>
    safely('live now', showId, () => markLiveNowDue(db, showId, new Date()));
  events.on('show:rescheduled', onRescheduled);
  events.on('show:cancelled', onCancelled);
  events.on('show:live', onLive);
  return () => {
    events.off('show:rescheduled', onRescheduled);
    events.off('show:cancelled', onCancelled);
    events.off('show:live', onLive);
  };
}
