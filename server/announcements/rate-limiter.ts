/**
 * Token bucket per channel, per worker process: it caps how many deliveries one worker claims per second. With
 * several workers the total is workers × rate; set the per-process rate accordingly.
 */
export class TokenBucket {
  #tokens: number;
  #updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number = ratePerSecond,
    private readonly clock: () => number = Date.now,
  ) {
    this.#tokens = burst;
    this.#updatedAt = clock();
  }

  /** How many of `wanted` may go now; those are taken from the bucket. */
  take(wanted: number): number {
    const now = this.clock();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#updatedAt) / 1000) * this.ratePerSecond);
    this.#updatedAt = now;
    const granted = Math.max(0, Math.min(wanted, Math.floor(this.#tokens)));
    this.#tokens -= granted;
    return granted;
  }

  /** Gives back tokens taken for deliveries that were not there to claim. */
  refund(count: number): void {
    this.#tokens = Math.min(this.burst, this.#tokens + count);
  }
}
