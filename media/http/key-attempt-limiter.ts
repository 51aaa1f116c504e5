// Stream keys are guessed by address: after `maxFailures` wrong keys within `windowMs` an address gets 429 for
// every WHIP request (a right key included, or guessing would still tell which key was right) until the oldest
// failure leaves the window. Kept in this process, bounded: an address evicted early only starts a fresh window.
export interface KeyAttemptLimiter {
  /** Milliseconds until the address may try again, or 0. */
  blockedFor(address: string): number;
  recordFailure(address: string): void;
}

export function createKeyAttemptLimiter({ maxFailures = 20, windowMs = 10 * 60_000, maxAddresses = 10_000, now = Date.now } = {}): KeyAttemptLimiter {
  const failures = new Map<string, number[]>();
  const recent = (address: string) => (failures.get(address) ?? []).filter((at) => now() - at < windowMs);
  return {
    blockedFor(address) {
      const times = recent(address);
      if (times.length < maxFailures) return 0;
      return windowMs - (now() - times[times.length - maxFailures]!);
    },
    recordFailure(address) {
      const times = recent(address);
      times.push(now());
      failures.delete(address);
      failures.set(address, times.slice(-maxFailures));
      if (failures.size > maxAddresses) failures.delete(failures.keys().next().value!);
    },
  };
}
