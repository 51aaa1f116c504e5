import type { Database } from '../database/prisma-client';
import { hashStreamKey, verifyStudioToken } from './stream-keys';

/** Answers the media service: which show may this bearer (stream key or studio token) publish to? */
export function createPublisherAuth(db: Database, sessionSecret: string) {
  return {
    async authorize(bearer: string): Promise<{ showId: string; canGoLive: boolean } | null> {
      if (bearer.length > 512) return null;
      const studio = bearer.startsWith('lcs_') ? verifyStudioToken(sessionSecret, bearer) : null;
      const show = studio
        ? await db.show.findUnique({ where: { id: studio.showId }, select: { id: true, status: true } })
        : await db.show.findUnique({ where: { streamKeyHash: hashStreamKey(bearer) }, select: { id: true, status: true } });
      if (!show) return null;
      return { showId: show.id, canGoLive: show.status === 'SCHEDULED' || show.status === 'LIVE' };
    },
  };
}
