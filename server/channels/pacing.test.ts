import { describe, expect, it } from 'vitest';
import { inParallel, Pacer } from './pacing';

describe('pacing', () => {
  it('lets a burst through, then one call per token as the clock moves', async () => {
    let now = 0;
    const waits: number[] = [];
    const pacer = new Pacer(10, {
      burst: 2,
      clock: () => now,
      wait: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    for (let i = 0; i < 5; i++) await pacer.acquire();
    // Two from the burst, then three more at 10 a second: 300 ms of (fake) waiting, in 100 ms steps.
    expect(waits).toEqual([100, 100, 100]);
    expect(now).toBe(300);
  });

  it('runs at most `limit` calls at once and keeps the order of the results', async () => {
    let running = 0;
    let most = 0;
    const results = await inParallel([5, 4, 3, 2, 1, 0, 6, 7], 3, async (value) => {
      running += 1;
      most = Math.max(most, running);
      for (let i = 0; i < value; i++) await Promise.resolve();
      running -= 1;
      return value * 2;
    });
    expect(results).toEqual([10, 8, 6, 4, 2, 0, 12, 14]);
    expect(most).toBe(3);
  });
});
