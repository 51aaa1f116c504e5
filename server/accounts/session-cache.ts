import { createHash } from 'node:crypto';
import type { Database } from '../database/prisma-client';
import { resolveSession, type Viewer } from './session-store';

export interface SessionCache {
  resolve(token: string | undefined): Promise<Viewer | null>;
  /** Drops a token at once (sign-out on this node). */
  forget(token: string | undefined): void;
}

/**
 * Every API request names its session; looking it up costs a database query that dominated hot paths such as
 * flash-sale reservations. Answers are kept briefly, so a sign-out or role change made on another node takes
 * effect within `ttlMs`; on this node sign-out takes effect at once. Unknown tokens are cached too, and the map
 * is bounded, so random tokens cannot grow it or reach the database at a high rate.
 */
export function createSessionCache(
  db: Database,
  ttlMs = 5_000,
  maxEntries = 20_000,
  now: () => number = Date.now,
): SessionCache {
  const entries = new Map<string, { viewer: Viewer | null; until: number }>();
  const key = (token: string) => createHash('sha256').update(token).digest('base64url');
  return {
    async resolve(token) {
      if (!token || token.length > 100) return null;
      const id = key(token);
      const hit = entries.get(id);
      if (hit && hit.until > now()) return hit.viewer;
      const viewer = await resolveSession(db, token);
      entries.delete(id);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(id, { viewer, until: now() + ttlMs });
      return viewer;
    },
    forget(token) {
      if (token) entries.delete(key(token));
    },
  };
}
