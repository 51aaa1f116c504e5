import type { Database } from '../database/prisma-client';
import type { CueEvent, ShowCue } from '../realtime/contract';
import { type MediaClock, mediaTimeAt } from './media-clock';

/**
 * Stores one commerce event of a show on the media timeline and returns it as viewers see it. `wallMs`: when it
 * happened on the server (defaults to now).
 */
export async function recordCue(
  db: Database,
  showId: string,
  event: CueEvent,
  options: { wallMs?: number; clock?: MediaClock } = {},
): Promise<ShowCue> {
  const mediaTime = await mediaTimeAt(showId, options.wallMs ?? Date.now(), options.clock);
  const row = await db.showCue.create({ data: { showId, kind: event.kind, mediaTime, event } });
  return toCueView(row);
}

export function toCueView(row: { id: string; mediaTime: Date; createdAt: Date; event: unknown }): ShowCue {
  return {
    id: row.id,
    mediaTime: row.mediaTime.toISOString(),
    at: row.createdAt.toISOString(),
    event: row.event as CueEvent,
  };
}
