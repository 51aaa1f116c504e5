import type { PublisherAuthPort } from '../publisher-auth-port';

// Test double of the server's database-backed port: bearer -> grant.
export class MemoryPublisherAuth implements PublisherAuthPort {
  #grants = new Map<string, { showId: string; canGoLive: boolean }>();

  grant(bearer: string, showId: string, canGoLive = true): this {
    this.#grants.set(bearer, { showId, canGoLive });
    return this;
  }

  revoke(bearer: string): void {
    this.#grants.delete(bearer);
  }

  async authorize(bearer: string): Promise<{ showId: string; canGoLive: boolean } | null> {
    return this.#grants.get(bearer) ?? null;
  }
}
