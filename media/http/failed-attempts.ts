// Guessing protection: after `maxFailures` failures for one key (an address trying stream keys, an email trying
// passwords) within `windowMs`, the key is blocked until the oldest of those failures leaves the window, whatever
// the next attempt holds (or guessing would still tell which one was right). Kept in this process and bounded: a
// key evicted early only starts a fresh window.
export interface FailedAttempts {
  /** Milliseconds until the key may try again, or 0. */
  blockedFor(key: string): number;
  recordFailure(key: string): void;
  clear(key: string): void;
}

export function createFailedAttempts({
  maxFailures = 20,
  windowMs = 10 * 60_000,
  maxKeys = 10_000,
  now = Date.now,
} = {}): FailedAttempts {
  const failures = new Map<string, number[]>();
  const recent = (key: string) => (failures.get(key) ?? []).filter((at) => now() - at < windowMs);
  return {
    blockedFor(key) {
      const times = recent(key);
      if (times.length < maxFailures) return 0;
      return windowMs - (now() - times[times.length - maxFailures]!);
    },
    recordFailure(key) {
      const times = recent(key);
      times.push(now());
      failures.delete(key);
      failures.set(key, times.slice(-maxFailures));
      if (failures.size > maxKeys) failures.delete(failures.keys().next().value!);
    },
    clear(key) {
      failures.delete(key);
    },
  };
}
