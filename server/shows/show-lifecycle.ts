import type { Database } from '../database/prisma-client';
import type { ShowEvents } from './show-events';

/** Called when the host's stream arrives: a scheduled show goes live (a live one stays live on reconnect). */
export async function markShowLive(db: Database, events: ShowEvents, showId: string): Promise<void> {
  const { count } = await db.show.updateMany({
    where: { id: showId, status: 'SCHEDULED' },
    data: { status: 'LIVE', startedAt: new Date() },
  });
  if (count > 0) events.emit('show:live', { showId });
}

export async function markShowEnded(
  db: Database,
  events: ShowEvents,
  showId: string,
  replayPath: string | null,
): Promise<void> {
  const { count } = await db.show.updateMany({
    where: { id: showId, status: { in: ['SCHEDULED', 'LIVE'] } },
    data: { status: 'ENDED', endedAt: new Date(), replayPath },
  });
  if (count > 0) events.emit('show:ended', { showId, replayPath });
}
