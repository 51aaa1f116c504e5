import type { Database } from '../database/prisma-client';
import { notFound } from '../errors/app-error';
import type { ShowCue } from '../realtime/contract';
import { toCueView } from './record-cue';

/** At most this many cues per answer: a long show with a pin a minute has a few hundred. */
const cueLimit = 2000;

/** A show's cues, oldest first; `until`: only those at or before a viewer's position; `since`: only newer ones. */
export async function listCues(
  db: Database,
  showId: string,
  range: { until?: Date; since?: Date } = {},
): Promise<ShowCue[]> {
  const rows = await db.showCue.findMany({
    where: {
      showId,
      mediaTime: {
        ...(range.until ? { lte: range.until } : {}),
        ...(range.since ? { gt: range.since } : {}),
      },
    },
    orderBy: [{ mediaTime: 'asc' }, { createdAt: 'asc' }],
    take: cueLimit,
  });
  return rows.map(toCueView);
}

/** The public route: cancelled shows are not found, as on the show page. */
export async function listPublicCues(db: Database, showId: string, until?: Date): Promise<ShowCue[]> {
  const show = await db.show.findUnique({ where: { id: showId }, select: { status: true } });
  if (!show || show.status === 'CANCELLED') throw notFound('show');
  return listCues(db, showId, until ? { until } : {});
}
