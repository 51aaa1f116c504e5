import type { RedisClientType } from 'redis';

/** Answers "is this the first time this viewer joined this show?" for the show's total-viewers figure. */
export interface ViewerTally {
  firstVisit(showId: string, viewerKey: string): Promise<boolean>;
}

/** One process: a set per show. */
export function createMemoryViewerTally(): ViewerTally & { forget(showId: string): void } {
  const seen = new Map<string, Set<string>>();
  return {
    async firstVisit(showId, viewerKey) {
      const viewers = seen.get(showId) ?? new Set<string>();
      seen.set(showId, viewers);
      if (viewers.has(viewerKey)) return false;
      viewers.add(viewerKey);
      return true;
    },
    forget(showId) {
      seen.delete(showId);
    },
  };
}

const dayInSeconds = 24 * 60 * 60;

/**
 * Several nodes: a Redis set per show. While Redis is down it falls back to this node's own memory, so a viewer
 * who joins during an outage may be counted twice; nothing else is lost.
 */
export function createRedisViewerTally(client: RedisClientType, keyPrefix: string): ViewerTally {
  const fallback = createMemoryViewerTally();
  return {
    async firstVisit(showId, viewerKey) {
      if (!client.isReady) return fallback.firstVisit(showId, viewerKey);
      try {
        const key = `${keyPrefix}show:${showId}:viewers`;
        const [added] = await client.multi().sAdd(key, viewerKey).expire(key, dayInSeconds).exec();
        return Number(added) === 1;
      } catch {
        return fallback.firstVisit(showId, viewerKey);
      }
    },
  };
}
