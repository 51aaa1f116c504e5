import type { FastifyInstance } from 'fastify';
import type { MediaService } from '../../media/media-service';
import type { Database } from '../database/prisma-client';
import type { ShowEvents } from './show-events';
import { markShowEnded, markShowLive } from './show-lifecycle';

/** Mounts WHIP and HLS, and turns the media service's stream events into show status changes. */
export function connectMedia(media: MediaService, http: FastifyInstance, db: Database, events: ShowEvents): void {
  media.registerRoutes(http);
  const log = (what: string) => (error: unknown) => http.log.error({ err: error }, `media event ${what} failed`);
  media.on('stream:live', ({ showId }) => void markShowLive(db, events, showId).catch(log('live')));
  media.on('stream:reconnecting', ({ showId }) => events.emit('show:reconnecting', { showId }));
  media.on('stream:resumed', ({ showId }) => events.emit('show:resumed', { showId }));
  media.on(
    'stream:ended',
    ({ showId, replayPath }) => void markShowEnded(db, events, showId, replayPath).catch(log('ended')),
  );
  // A show still LIVE at boot was cut off by the previous process: its host gets the grace period to come back,
  // else it ends with a replay of what was streamed (instead of staying "live" forever).
  void db.show
    .findMany({ where: { status: 'LIVE' }, select: { id: true } })
    .then((shows) => media.resumeInterrupted(shows.map((show) => show.id)))
    .then(
      (adopted) =>
        adopted.length > 0 && http.log.warn({ shows: adopted }, 'shows live before this start wait for their host'),
    )
    .catch(log('resume at boot'));
}
