// Commerce cues applied on the viewer's own playback clock (issue 17): each cue carries the program date time of
// the frame the host was showing when it happened, and runs when the frame on this viewer's screen reaches it.
// Pure (no DOM, no React): the show room drives it with the player's clock and real timers, the cue-sync
// benchmark with simulated playheads and a simulated scheduler.

/**
 * The program date time (ms) of the frame on screen now. `null`: there is no playback clock (native player without
 * program date time, the host's studio): cues apply at once. `undefined`: not known yet (the player is starting):
 * cues wait and the clock is asked again.
 */
export type PlaybackClock = () => number | null | undefined;

export interface CueTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: CueTimers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface CueQueueOptions {
  clock: PlaybackClock;
  timers?: CueTimers;
  /** Longest single wait before asking the clock again (playback may stall, speed up or jump). */
  recheckMs?: number;
  /** The fastest the playhead moves (hls.js catches up at up to 1.15x): waits are divided by it, never late. */
  maxPlaybackRate?: number;
  /** A cue this far ahead of the playhead means a clock we cannot trust (paused for long, wrong stream): apply it. */
  maxAheadMs?: number;
}

export interface CueQueue {
  /** Applies `apply` when the playhead reaches `mediaTimeMs`; untimed (null) items never overtake queued ones. */
  push(mediaTimeMs: number | null, apply: () => void): void;
  /** Applies what is due now (call after a seek or when the clock appears). */
  poll(): void;
  /** Applies everything still queued, in order. */
  flush(): void;
  /** Drops everything queued (a fresh join snapshot covers it). */
  clear(): void;
  readonly size: number;
  close(): void;
}

interface Item {
  at: number;
  seq: number;
  apply: () => void;
}

export function createCueQueue(options: CueQueueOptions): CueQueue {
  const timers = options.timers ?? realTimers;
  const recheckMs = options.recheckMs ?? 250;
  const rate = options.maxPlaybackRate ?? 1.15;
  const maxAheadMs = options.maxAheadMs ?? 60_000;
  const items: Item[] = [];
  let seq = 0;
  let timer: unknown = null;
  let closed = false;

  const disarm = () => {
    if (timer !== null) timers.clear(timer);
    timer = null;
  };
  const applyFirst = (count: number) => {
    for (const item of items.splice(0, count)) item.apply();
  };
  const run = (): void => {
    disarm();
    if (closed) return;
    const now = options.clock();
    if (now === null) {
      applyFirst(items.length);
      return;
    }
    if (now !== undefined) {
      let due = 0;
      while (due < items.length && (items[due] as Item).at <= now) due++;
      if (due === 0 && items.length > 0 && (items[0] as Item).at - now > maxAheadMs) due = items.length;
      applyFirst(due);
    }
    if (items.length === 0) return;
    const wait = now === undefined ? recheckMs : Math.min(recheckMs, ((items[0] as Item).at - now) / rate);
    timer = timers.set(run, Math.max(1, Math.ceil(wait)));
  };

  return {
    push(mediaTimeMs, apply) {
      if (closed) return;
      if (mediaTimeMs === null && items.length === 0) {
        apply();
        return;
      }
      const last = items[items.length - 1];
      const at = mediaTimeMs ?? (last ? last.at : Number.NEGATIVE_INFINITY);
      const item = { at, seq: seq++, apply };
      // Sorted by media time, then arrival: insert after every item at or before it.
      let index = items.length;
      while (index > 0 && (items[index - 1] as Item).at > at) index--;
      items.splice(index, 0, item);
      run();
    },
    poll: run,
    flush() {
      disarm();
      applyFirst(items.length);
    },
    clear() {
      disarm();
      items.length = 0;
    },
    get size() {
      return items.length;
    },
    close() {
      closed = true;
      disarm();
      items.length = 0;
    },
  };
}
