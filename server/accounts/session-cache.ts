import type { BusPayload, EventBus } from '../realtime/event-bus';
import type { Database } from '../database/prisma-client';
import { lookUpSession, sessionTokenHash, type Viewer } from './session-store';

export interface SessionCache {
  resolve(token: string | undefined): Promise<Viewer | null>;
  /** Always asks the database (a socket's handshake), and keeps the answer for the requests that follow. */
  refresh(token: string | undefined): Promise<Viewer | null>;
  /** Drops a token at once: on this node, and on every other one once `share` has joined the cache to the bus. */
  forget(token: string | undefined): void;
  /** Tells the other processes about sign-outs here and listens to theirs. Returns the function that stops it. */
  share(bus: EventBus): () => void;
}

/** How long a process keeps a session when sign-outs are shared over the event bus (see app.ts). */
export const sharedSessionTtlMs = 60_000;

/**
 * Every API request names its session; looking it up costs a database query that dominated hot paths such as
 * flash-sale reservations and chat messages. Answers are kept for `ttlMs` (never past the session's own expiry).
 * A sign-out drops the token here at once and, once shared, on the other processes through the event bus, so the
 * time to live only bounds what a process cannot hear: a sign-out published while Redis was down, or a role
 * changed in the database. Unknown tokens are cached too, and the map is bounded, so random tokens cannot grow it
 * or reach the database at a high rate.
 */
export function createSessionCache(
  db: Database,
  ttlMs = 5_000,
  maxEntries = 20_000,
  now: () => number = Date.now,
): SessionCache {
  const entries = new Map<string, { viewer: Viewer | null; until: number }>();
  let bus: EventBus | null = null;
  const load = async (id: string, token: string) => {
    const session = await lookUpSession(db, token);
    entries.delete(id);
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
    const until = now() + ttlMs;
    entries.set(id, { viewer: session?.viewer ?? null, until: Math.min(until, session?.expiresAtMs ?? until) });
    return session?.viewer ?? null;
  };
  return {
    async resolve(token) {
      if (!token || token.length > 100) return null;
      const id = sessionTokenHash(token);
      const hit = entries.get(id);
      if (hit && hit.until > now()) return hit.viewer;
      return load(id, token);
    },
    async refresh(token) {
      if (!token || token.length > 100) return null;
      return load(sessionTokenHash(token), token);
    },
    forget(token) {
      if (!token) return;
      const tokenHash = sessionTokenHash(token);
      entries.delete(tokenHash);
      bus?.publish('session:ended', { tokenHash });
    },
    share(shared) {
      bus = shared;
      const stop = shared.subscribe('session:ended', ({ tokenHash }: BusPayload<'session:ended'>) =>
        entries.delete(tokenHash),
      );
      return () => {
        stop();
        if (bus === shared) bus = null;
      };
    },
  };
}
