/** A token bucket: `capacity` events at once, refilled at `perSecond`. Plain numbers, no timers. */
export class TokenBucket {
  #tokens: number;
  #updatedAt: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#tokens = capacity;
    this.#updatedAt = now();
  }

  take(): boolean {
    const now = this.now();
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#updatedAt) / 1000) * this.perSecond);
    this.#updatedAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** True when full again, so a keyed map of buckets can forget it. */
  idle(): boolean {
    return this.#tokens + ((this.now() - this.#updatedAt) / 1000) * this.perSecond >= this.capacity;
  }
}

/** Buckets per key (a user, an anonymous id); idle ones are swept so the map stays small. */
export class KeyedLimiter {
  readonly #buckets = new Map<string, TokenBucket>();
  #lastSweep = Date.now();

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
  ) {}

  take(key: string): boolean {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.capacity, this.perSecond);
      this.#buckets.set(key, bucket);
    }
    if (Date.now() - this.#lastSweep > 60_000) this.#sweep();
    return bucket.take();
  }

  #sweep(): void {
    this.#lastSweep = Date.now();
    for (const [key, bucket] of this.#buckets) if (bucket.idle()) this.#buckets.delete(key);
  }
}
