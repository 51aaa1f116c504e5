import type { BusPayload, EventBus } from '../realtime/event-bus';
import type { Database } from '../database/prisma-client';
import { resolveSessionHashes, sessionTokenHash, type ResolvedSession, type Viewer } from './session-store';

export interface SessionCache {
  resolve(token: string | undefined): Promise<Viewer | null>;
  /** The answer this process already has, without waiting: undefined when only `resolve` can tell. */
  known(token: string | undefined): Viewer | null | undefined;
  /** Always asks the database (a socket's handshake), and keeps the answer for the requests that follow. */
  refresh(token: string | undefined): Promise<Viewer | null>;
  /** Drops a token at once: on this node, and on every other one once `share` has joined the cache to the bus. */
  forget(token: string | undefined): void;
  /** Tells the other processes about sign-outs here and listens to theirs. Returns the function that stops it. */
  share(bus: EventBus): () => void;
}

/** How long a process keeps a session when sign-outs are shared over the event bus (see app.ts). */
export const sharedSessionTtlMs = 60_000;

/** Tokens looked up in one query at most (a crowd's first requests arrive in a few event-loop turns). */
const maxBatch = 500;

/**
 * Every API request names its session; looking it up costs a database query that dominated hot paths such as
 * flash-sale reservations and chat messages. Answers are kept for `ttlMs` (never past the session's own expiry).
 * A sign-out drops the token here at once and, once shared, on the other processes through the event bus, so the
 * time to live only bounds what a process cannot hear: a sign-out published while Redis was down, or a role
 * changed in the database. Unknown tokens are cached too, and the map is bounded, so random tokens cannot grow it
 * or reach the database at a high rate. Misses of one event-loop turn go to the database together in one query (a
 * thousand customers tapping at once are a few queries, not a thousand queueing on the pool), and concurrent misses
 * of one token share it.
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
  let bus: EventBus | null = null;

  const remember = (hash: string, session: ResolvedSession | undefined) => {
    entries.delete(hash);
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
    const until = now() + ttlMs;
    entries.set(hash, { viewer: session?.viewer ?? null, until: Math.min(until, session?.expiresAtMs ?? until) });
  };

  const flush = async (waiting: Map<string, Waiter>) => {
    const hashes = [...waiting.keys()];
    for (let start = 0; start < hashes.length; start += maxBatch) {
      const slice = hashes.slice(start, start + maxBatch);
      let found: Map<string, ResolvedSession> | null = null;
      let failure: unknown = null;
      try {
        found = await resolveSessionHashes(db, slice, now());
      } catch (error) {
        failure = error;
      }
      for (const hash of slice) {
        const session = found?.get(hash);
        if (found && !forgotten.has(hash)) remember(hash, session);
        forgotten.delete(hash);
        pending.delete(hash);
        // A failed lookup fails these requests (as a failed query did); the next request asks again.
        if (failure) waiting.get(hash)!.reject(failure);
        else waiting.get(hash)!.resolve(session?.viewer ?? null);
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
    known(token) {
      if (!token || token.length > 100) return null;
      const hit = entries.get(sessionTokenHash(token));
      return hit && hit.until > now() ? hit.viewer : undefined;
    },
    async resolve(token) {
      if (!token || token.length > 100) return null;
      const hash = sessionTokenHash(token);
      const hit = entries.get(hash);
      if (hit && hit.until > now()) return hit.viewer;
      return lookup(hash);
    },
    async refresh(token) {
      if (!token || token.length > 100) return null;
      const hash = sessionTokenHash(token);
      const session = (await resolveSessionHashes(db, [hash], now())).get(hash);
      remember(hash, session);
      return session?.viewer ?? null;
    },
    forget(token) {
      if (!token) return;
      const hash = sessionTokenHash(token);
      entries.delete(hash);
      if (pending.has(hash)) forgotten.add(hash);
      bus?.publish('session:ended', { tokenHash: hash });
    },
    share(shared) {
      bus = shared;
      const stop = shared.subscribe('session:ended', ({ tokenHash }: BusPayload<'session:ended'>) => {
        entries.delete(tokenHash);
        if (pending.has(tokenHash)) forgotten.add(tokenHash);
      });
      return () => {
        stop();
        if (bus === shared) bus = null;
      };
    },
  };
}
