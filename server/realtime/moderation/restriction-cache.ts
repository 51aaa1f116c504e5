import type { Database } from '../../database/prisma-client';
import type { Restriction } from '../contract';
import { activeRestrictions } from './restrictions';

const ttlMs = 5000;

/**
 * A show's restrictions, kept per node so that checking a chat message costs no query. Dropped on every change
 * (here, and on other nodes through 'show:context-changed'); the TTL bounds staleness if a notice is lost.
 */
export class RestrictionCache {
  readonly #shows = new Map<string, { at: number; value: Promise<Restriction[]> }>();

  constructor(private readonly db: Database) {}

  async forUser(showId: string, userId: string): Promise<Restriction[]> {
    let entry = this.#shows.get(showId);
    if (!entry || Date.now() - entry.at > ttlMs) {
      entry = { at: Date.now(), value: activeRestrictions(this.db, showId) };
      this.#shows.set(showId, entry);
      entry.value.catch(() => this.#shows.delete(showId));
    }
    const now = new Date().toISOString();
    return (await entry.value).filter((r) => r.userId === userId && (r.until === null || r.until > now));
  }

  invalidate(showId: string): void {
    this.#shows.delete(showId);
  }
}
