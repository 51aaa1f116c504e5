// A process's event-loop stalls per 250 ms (wall clock): in the load generator and the advisors' process a stall
// delays the timestamp of every frame read after it, so it shows up as latency that no server caused.
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopStall {
  at: number;
  stallMs: number;
}

/** Starts sampling; `since(t)` returns the 250 ms slots after t whose longest stall was at least `minMs`. */
export function sampleLoopStalls(minMs = 50): { since(t: number): LoopStall[] } {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const slots: LoopStall[] = [];
  setInterval(() => {
    const stallMs = histogram.max / 1e6;
    histogram.reset();
    if (stallMs >= minMs) slots.push({ at: Date.now(), stallMs });
    if (slots.length > 2000) slots.shift();
  }, 250).unref();
  return { since: (t) => slots.filter((slot) => slot.at > t) };
}

export const describeStalls = (stalls: LoopStall[], started: number): string =>
  stalls.length === 0
    ? 'none'
    : stalls.map((slot) => `${((slot.at - started) / 1000).toFixed(2)}s ${slot.stallMs.toFixed(0)} ms`).join(', ');
