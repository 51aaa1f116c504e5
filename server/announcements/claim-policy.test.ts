import { describe, expect, it } from 'vitest';
import { retryKeyFor } from '../channels/line-channel';
import { backoffMs, defaultRetryPolicy } from './record-outcomes';
import { TokenBucket } from './rate-limiter';

describe('retry, rate and idempotency policy', () => {
  it('backs off exponentially with bounded jitter and a cap', () => {
    const policy = { ...defaultRetryPolicy, baseDelayMs: 1000, maxDelayMs: 10_000 };
    expect(backoffMs(1, policy, () => 0.5)).toBe(1000);
    expect(backoffMs(3, policy, () => 0.5)).toBe(4000);
    expect(backoffMs(10, policy, () => 0.5)).toBe(10_000);
    expect(backoffMs(2, policy, () => 0)).toBe(1600);
    expect(backoffMs(2, policy, () => 1)).toBe(2400);
  });

  it('grants at most the rate per second', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 10, () => now);
    expect(bucket.take(50)).toBe(10);
    expect(bucket.take(5)).toBe(0);
    now = 500;
    expect(bucket.take(50)).toBe(5);
    bucket.refund(3);
    expect(bucket.take(50)).toBe(3);
  });

  it('derives a stable UUID retry key from the recipients, whatever their order', () => {
    const key = retryKeyFor(['b', 'a']);
    expect(key).toBe(retryKeyFor(['a', 'b']));
    expect(key).not.toBe(retryKeyFor(['a', 'c']));
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
