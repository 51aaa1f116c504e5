import type { Database } from '../database/prisma-client';
import { hashStreamKey, verifyStudioToken } from './stream-keys';

/** Answers the media service: which show may this bearer (stream key or studio token) publish to? */
export function createPublisherAuth(db: Database, sessionSecret: string) {
  return {
    async authorize(bearer: string): Promise<{ showId: string; canGoLive: boolean } | null> {
      if (bearer.length > 512) return null;
      const studio = bearer.startsWith('lcs_') ? verifyStudioToken(sessionSecret, bearer) : null;
      const select = { id: true, status: true, streamKeyRotatedAt: true } as const;
      const show = studio
        ? await db.show.findUnique({ where: { id: studio.showId }, select })
        : await db.show.findUnique({ where: { streamKeyHash: hashStreamKey(bearer) }, select });
      if (!show) return null;
      // Rotating the key cuts every publisher: OBS (old key) and studio tokens issued before the rotation.
      if (studio && studio.issuedAt < show.streamKeyRotatedAt.getTime()) return null;
      return { showId: show.id, canGoLive: show.status === 'SCHEDULED' || show.status === 'LIVE' };
    },
  };
}
