import { setTimeout as sleep } from 'node:timers/promises';
import { TokenBucket } from '../announcements/rate-limiter';

/**
 * Waits for a token before each call: what a provider's per-second limit needs inside one batch (LINE's per-endpoint
 * request rates, one mail domain's rate). The worker's own bucket caps deliveries claimed; this paces the requests.
 */
export class Pacer {
  readonly #bucket: TokenBucket;
  readonly #interval: number;
  readonly #wait: (ms: number) => Promise<unknown>;

  constructor(
    ratePerSecond: number,
    options: { burst?: number; clock?: () => number; wait?: (ms: number) => Promise<unknown> } = {},
  ) {
    this.#bucket = new TokenBucket(
      ratePerSecond,
      options.burst ?? Math.max(1, Math.floor(ratePerSecond / 10)),
      options.clock,
    );
    this.#interval = Math.max(1, Math.ceil(1000 / ratePerSecond));
    this.#wait = options.wait ?? sleep;
  }

  async acquire(): Promise<void> {
    while (this.#bucket.take(1) === 0) await this.#wait(this.#interval);
  }
}

/** One pacer per key (a recipient's mail domain), created on first use with the key's rate. */
export class KeyedPacer {
  readonly #pacers = new Map<string, Pacer>();

  constructor(private readonly rateOf: (key: string) => number) {}

  acquire(key: string): Promise<void> {
    let pacer = this.#pacers.get(key);
    if (!pacer) {
      pacer = new Pacer(this.rateOf(key));
      this.#pacers.set(key, pacer);
    }
    return pacer.acquire();
  }
}

/** Maps with at most `limit` calls in flight, keeping the input order in the result. */
export async function inParallel<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
