import type { Database } from '../database/prisma-client';
import { resolveSessionHashes, sessionTokenHash, type Viewer } from './session-store';

export interface SessionCache {
  resolve(token: string | undefined): Promise<Viewer | null>;
  /** Drops a token at once (sign-out on this node). */
  forget(token: string | undefined): void;
}

/** Tokens looked up in one query at most (a crowd's first requests arrive in a few event-loop turns). */
const maxBatch = 500;

/**
 * Every API request names its session; looking it up costs a database query that dominated hot paths such as
 * flash-sale reservations. Answers are kept briefly, so a sign-out or role change made on another node takes
 * effect within `ttlMs`; on this node sign-out takes effect at once. Unknown tokens are cached too, and the map
 * is bounded, so random tokens cannot grow it or reach the database at a high rate. Misses of one event-loop turn
 * go to the database together in one query (a thousand customers tapping at once are a few queries, not a
 * thousand queueing on the pool), and concurrent misses of one token share it.
 */
export function createSessionCache(
  db: Database,
  ttlMs = 5_000,
  maxEntries = 20_000,
  now: () => number = Date.now,
): SessionCache {
  const entries = new Map<string, { viewer: Viewer | null; until: number }>();
  /** Lookups waiting for the next batch, or in flight, by token hash. */
  const pending = new Map<string, Promise<Viewer | null>>();
  type Waiter = { resolve(viewer: Viewer | null): void; reject(error: unknown): void };
  let batch: Map<string, Waiter> | null = null;
  /** Token hashes forgotten while their lookup was in flight: the answer is not kept. */
  const forgotten = new Set<string>();

  const remember = (hash: string, viewer: Viewer | null) => {
    entries.delete(hash);
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
    entries.set(hash, { viewer, until: now() + ttlMs });
  };

  const flush = async (waiting: Map<string, Waiter>) => {
    const hashes = [...waiting.keys()];
    for (let start = 0; start < hashes.length; start += maxBatch) {
      const slice = hashes.slice(start, start + maxBatch);
      let found: Map<string, Viewer> | null = null;
      let failure: unknown = null;
      try {
        found = await resolveSessionHashes(db, slice, now());
      } catch (error) {
        failure = error;
      }
      for (const hash of slice) {
        const viewer = found?.get(hash) ?? null;
        if (found && !forgotten.has(hash)) remember(hash, viewer);
        forgotten.delete(hash);
        pending.delete(hash);
        // A failed lookup fails these requests (as a failed query did); the next request asks again.
        if (failure) waiting.get(hash)!.reject(failure);
        else waiting.get(hash)!.resolve(viewer);
      }
    }
  };

  const lookup = (hash: string): Promise<Viewer | null> => {
    const inFlight = pending.get(hash);
    if (inFlight) return inFlight;
    if (!batch) {
      const waiting = new Map<string, Waiter>();
      batch = waiting;
      setImmediate(() => {
        if (batch === waiting) batch = null;
        void flush(waiting);
      });
    }
    const current = batch;
    const promise = new Promise<Viewer | null>((resolve, reject) => current.set(hash, { resolve, reject }));
    pending.set(hash, promise);
    return promise;
  };

  return {
    async resolve(token) {
      if (!token || token.length > 100) return null;
      const hash = sessionTokenHash(token);
      const hit = entries.get(hash);
      if (hit && hit.until > now()) return hit.viewer;
      return lookup(hash);
    },
    forget(token) {
      if (!token) return;
      const hash = sessionTokenHash(token);
      entries.delete(hash);
      if (pending.has(hash)) forgotten.add(hash);
    },
  };
}
