import { describe, expect, it } from 'vitest';
import { FreshLoader } from './fresh-loader';

describe('FreshLoader', () => {
  it('gives every caller a query that started after its call, sharing queued ones', async () => {
    let started = 0;
    const releases: Array<() => void> = [];
    const loader = new FreshLoader(async () => {
      const mine = ++started;
      await new Promise<void>((resolve) => releases.push(resolve));
      return mine;
    });
    const first = loader.load('k');
    const second = loader.load('k'); // first is in flight: must wait for a newer query
    const third = loader.load('k'); // shares the queued one
    expect(started).toBe(1);
    releases[0]!();
    expect(await first).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toBe(2);
    releases[1]!();
    expect(await second).toBe(2);
    expect(await third).toBe(2);
  });
});
