import { afterEach, describe, expect, it, vi } from 'vitest';
import { FairStartGate, adjustedPressMs, creditedLagMs, defaultFairStart } from './fair-start';

afterEach(() => vi.useRealTimers());

describe('credited playback lag', () => {
  const base = { receivedAt: 100_000 };
  it('takes the claim when the connection reported watching that far behind', () => {
    expect(creditedLagMs({ ...base, playingAt: 96_000, observedLagsMs: [3_900, 4_100] })).toBe(4_000);
  });
  it('clamps to [0.3 s, 6 s] and to the reports plus slack; no claim or no report counts as 0.3 s', () => {
    expect(creditedLagMs({ ...base, playingAt: 99_950, observedLagsMs: [100] })).toBe(300);
    expect(creditedLagMs({ ...base, playingAt: 80_000, observedLagsMs: [20_000] })).toBe(6_000);
    // Reported 1 s behind all along, claims 5 s at the sale: credited 1.5 s.
    expect(creditedLagMs({ ...base, playingAt: 95_000, observedLagsMs: [1_000, 900] })).toBe(1_500);
    expect(creditedLagMs({ ...base, playingAt: 95_000 })).toBe(defaultFairStart.minLagMs);
    expect(creditedLagMs({ ...base, observedLagsMs: [4_000] })).toBe(defaultFairStart.minLagMs);
  });
  it('a press cannot rank before the sale started in the buyer’s video', () => {
    expect(adjustedPressMs({ receivedAt: 10_100, playingAt: 10_000, observedLagsMs: [5_000] }, 10_000)).toBe(0);
    expect(adjustedPressMs({ receivedAt: 16_000, playingAt: 11_000, observedLagsMs: [5_000] }, 10_000)).toBe(1_000);
  });
});

describe('fair start gate', () => {
  it('releases the first window’s presses in adjusted order, not arrival order, then lets later ones straight on', async () => {
    vi.useFakeTimers({ now: 0 });
    const gate = new FairStartGate({ windowMs: 1_000, maxLagMs: 2_000 }, () => 0.5);
    const order: string[] = [];
    const press = (name: string, receivedAt: number, lag: number) =>
      gate
        .admit('sale', 0, { receivedAt, playingAt: receivedAt - lag, observedLagsMs: [lag] })
        .then(() => order.push(name));
    // fast: 0.5 s behind, pressed 0.9 s after seeing it; slow: 2 s behind, pressed 0.4 s after seeing it.
    const fast = press('fast', 1_400, 500);
    const slow = press('slow', 2_400, 2_000);
    const blind = press('no-clock', 600, 0); // credited 0.3 s: adjusted 0.3 s
    await vi.advanceTimersByTimeAsync(2_999);
    expect(order).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await Promise.all([fast, slow, blind]);
    expect(order).toEqual(['no-clock', 'slow', 'fast']);
    await press('late', 3_500, 500);
    expect(order.at(-1)).toBe('late');
  });

  it('draws the order of presses tied within 100 ms', async () => {
    vi.useFakeTimers({ now: 0 });
    const draws = [0.9, 0.1];
    const gate = new FairStartGate({ windowMs: 1_000, maxLagMs: 1_000 }, () => draws.shift() ?? 0);
    const order: string[] = [];
    const a = gate.admit('s', 0, { receivedAt: 500 }).then(() => order.push('a'));
    const b = gate.admit('s', 0, { receivedAt: 520 }).then(() => order.push('b'));
    await vi.advanceTimersByTimeAsync(2_000);
    await Promise.all([a, b]);
    expect(order).toEqual(['b', 'a']);
  });
});
