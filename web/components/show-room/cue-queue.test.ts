import { describe, expect, it } from 'vitest';
import { type CueTimers, createCueQueue } from './cue-queue';

/** A simulated playhead and timer wheel: time moves only when the test says so. */
function simulation(startMs: number) {
  let wall = 0;
  let playhead: number | null | undefined = startMs;
  const pending: Array<{ at: number; run: () => void; id: number }> = [];
  let ids = 0;
  const timers: CueTimers = {
    set(run, ms) {
      const id = ids++;
      pending.push({ at: wall + ms, run, id });
      return id;
    },
    clear(handle) {
      const index = pending.findIndex((timer) => timer.id === handle);
      if (index >= 0) pending.splice(index, 1);
    },
  };
  return {
    timers,
    clock: () => playhead,
    setPlayhead(value: number | null | undefined) {
      playhead = value;
    },
    /** Advances wall time (and the playhead at 1x) to `ms` later, firing timers in order. */
    advance(ms: number) {
      const end = wall + ms;
      for (;;) {
        pending.sort((a, b) => a.at - b.at);
        const next = pending[0];
        if (!next || next.at > end) break;
        pending.shift();
        if (typeof playhead === 'number') playhead += next.at - wall;
        wall = next.at;
        next.run();
      }
      if (typeof playhead === 'number') playhead += end - wall;
      wall = end;
    },
    playheadNow: () => playhead,
  };
}

describe('cue queue on the playback clock', () => {
  it('applies a cue when the playhead reaches its media time, not when it arrives', () => {
    const sim = simulation(10_000);
    const queue = createCueQueue({ clock: sim.clock, timers: sim.timers });
    const applied: number[] = [];
    // The viewer is 3 s behind: the cue stamped at 13,000 arrives while her frame is 10,000.
    queue.push(13_000, () => applied.push(sim.playheadNow() as number));
    sim.advance(2_900);
    expect(applied).toEqual([]);
    sim.advance(200);
    expect(applied).toHaveLength(1);
    expect(Math.abs((applied[0] as number) - 13_000)).toBeLessThanOrEqual(50);
  });

  it('keeps media-time order whatever the arrival order, and untimed items never overtake', () => {
    const sim = simulation(0);
    const queue = createCueQueue({ clock: sim.clock, timers: sim.timers });
    const order: string[] = [];
    queue.push(2_000, () => order.push('b'));
    queue.push(1_000, () => order.push('a'));
    queue.push(null, () => order.push('stock-after-b'));
    queue.push(3_000, () => order.push('c'));
    sim.advance(1_500);
    expect(order).toEqual(['a']);
    sim.advance(2_000);
    expect(order).toEqual(['a', 'b', 'stock-after-b', 'c']);
  });

  it('applies at once what the playhead already passed (a late joiner, a recovered socket)', () => {
    const sim = simulation(50_000);
    const queue = createCueQueue({ clock: sim.clock, timers: sim.timers });
    const order: number[] = [];
    for (const at of [40_000, 45_000, 52_000]) queue.push(at, () => order.push(at));
    expect(order).toEqual([40_000, 45_000]);
    expect(queue.size).toBe(1);
  });

  it('without a playback clock applies everything immediately; while the clock is unknown it waits', () => {
    const sim = simulation(0);
    sim.setPlayhead(undefined);
    const queue = createCueQueue({ clock: sim.clock, timers: sim.timers });
    const order: number[] = [];
    queue.push(5_000, () => order.push(1));
    sim.advance(1_000);
    expect(order).toEqual([]);
    sim.setPlayhead(null); // native player with no program date time
    sim.advance(300);
    expect(order).toEqual([1]);
    queue.push(99_999, () => order.push(2));
    expect(order).toEqual([1, 2]);
  });

  it('never applies early when the player catches up faster than real time, and follows a stalled playhead', () => {
    const sim = simulation(0);
    const queue = createCueQueue({ clock: sim.clock, timers: sim.timers, recheckMs: 100 });
    const applied: number[] = [];
    queue.push(1_000, () => applied.push(sim.playheadNow() as number));
    // The video stalls at 400 ms for two seconds of wall time.
    sim.advance(400);
    const stalledAt = sim.playheadNow() as number;
    for (let i = 0; i < 20; i++) {
      sim.setPlayhead(stalledAt);
      sim.advance(100);
    }
    sim.setPlayhead(stalledAt);
    expect(applied).toEqual([]);
    sim.advance(700);
    expect(applied).toHaveLength(1);
    expect(applied[0]).toBeGreaterThanOrEqual(1_000);
    expect(applied[0]).toBeLessThanOrEqual(1_100);
  });

  it('a cue absurdly far ahead of the playhead (a clock it cannot trust) applies at once', () => {
    const sim = simulation(0);
    const queue = createCueQueue({ clock: sim.clock, timers: sim.timers, maxAheadMs: 60_000 });
    const order: number[] = [];
    queue.push(3_600_000, () => order.push(1));
    expect(order).toEqual([1]);
  });
});
