// The live playlists of the shows this node packages, in memory, and the players waiting for a later one: LL-HLS
// blocking playlist reload (`_HLS_msn`, `_HLS_part`, RFC 8216bis 6.2.5.2) and blocking preload-hint part requests.
// ShowPlaylistWriter publishes here right after writing index.m3u8; the HLS route answers from here.

export interface LivePlaylistSnapshot {
  text: string;
  /** Media sequence number of the last whole segment (-1: none yet). */
  lastMsn: number;
  /** Parts written so far of segment `lastMsn + 1` (being written). */
  pendingParts: number;
  targetDuration: number;
  /** The show's last live playlist (EXT-X-ENDLIST): answers every blocking reload, nothing more will come. */
  ended: boolean;
}

export type BlockingResult =
  | { kind: 'ready'; snapshot: LivePlaylistSnapshot }
  /** The show is not live here (ended, or another node): serve the file. */
  | { kind: 'not-live' }
  /** Not there within the bound: the spec's 503. */
  | { kind: 'timeout' }
  /** More than two segments ahead of the playlist: the spec's 400. */
  | { kind: 'too-far' };

const ENDED_KEPT_MS = 60_000;

interface Waiter {
  ready: (snapshot: LivePlaylistSnapshot) => boolean;
  done: (result: BlockingResult) => void;
}

interface LiveShow {
  snapshot: LivePlaylistSnapshot;
  waiters: Set<Waiter>;
}

/** Does this playlist hold segment `msn` (whole), or part `part` of it? */
export function holds(snapshot: LivePlaylistSnapshot, msn: number, part?: number): boolean {
  if (snapshot.ended || msn <= snapshot.lastMsn) return true;
  return part !== undefined && msn === snapshot.lastMsn + 1 && part < snapshot.pendingParts;
}

export class LivePlaylistHub {
  #shows = new Map<string, LiveShow>();
  /** Shows whose playlist changed and the moment it did (blocking part requests wait on any change). */
  #changeWaiters = new Map<string, Set<() => void>>();

  /** The show's live playlist while it is live here (its ended one for a minute after). */
  current(showId: string): LivePlaylistSnapshot | null {
    return this.#shows.get(showId)?.snapshot ?? null;
  }

  publish(showId: string, snapshot: LivePlaylistSnapshot): void {
    let show = this.#shows.get(showId);
    if (!show) {
      show = { snapshot, waiters: new Set() };
      this.#shows.set(showId, show);
    }
    show.snapshot = snapshot;
    for (const waiter of show.waiters) {
      if (waiter.ready(snapshot)) waiter.done({ kind: 'ready', snapshot });
    }
    this.#wakeChangeWaiters(showId);
  }

  /**
   * The show is no longer live here (replay written, or the stream closed). Its ended playlist stays a minute for
   * blocking reloads (only players that were following the live stream send them; they finish on the window they
   * were on); everything else gets the file, the replay.
   */
  end(showId: string): void {
    const show = this.#shows.get(showId);
    if (!show) return;
    const forget = () => {
      if (this.#shows.get(showId) !== show) return;
      this.#shows.delete(showId);
      for (const waiter of show.waiters) waiter.done({ kind: 'not-live' });
      this.#wakeChangeWaiters(showId);
    };
    if (show.snapshot.ended) setTimeout(forget, ENDED_KEPT_MS).unref();
    else forget();
  }

  /** Waits until the show's playlist holds segment `msn` (or part `part` of it), at most `timeoutMs`. */
  waitFor(showId: string, msn: number, part: number | undefined, timeoutMs: number): Promise<BlockingResult> {
    const show = this.#shows.get(showId);
    if (!show) return Promise.resolve({ kind: 'not-live' });
    if (holds(show.snapshot, msn, part)) return Promise.resolve({ kind: 'ready', snapshot: show.snapshot });
    if (msn > show.snapshot.lastMsn + 2) return Promise.resolve({ kind: 'too-far' });
    return new Promise((resolve) => {
      const waiter: Waiter = {
        ready: (snapshot) => holds(snapshot, msn, part),
        done: (result) => {
          clearTimeout(timer);
          show.waiters.delete(waiter);
          resolve(result);
        },
      };
      const timer = setTimeout(() => waiter.done({ kind: 'timeout' }), timeoutMs);
      show.waiters.add(waiter);
    });
  }

  /** Resolves at the show's next publish (or end), or after `timeoutMs`; false when the show is not live here. */
  nextChange(showId: string, timeoutMs: number): Promise<boolean> {
    if (!this.#shows.has(showId) || this.#shows.get(showId)!.snapshot.ended) return Promise.resolve(false);
    return new Promise((resolve) => {
      let waiters = this.#changeWaiters.get(showId);
      if (!waiters) {
        waiters = new Set();
        this.#changeWaiters.set(showId, waiters);
      }
      const wake = (): void => {
        clearTimeout(timer);
        waiters.delete(wake);
        resolve(true);
      };
      const timer = setTimeout(() => {
        waiters.delete(wake);
        resolve(true);
      }, timeoutMs);
      waiters.add(wake);
    });
  }

  /** Players currently held (tests, metrics). */
  waiting(showId: string): number {
    return (this.#shows.get(showId)?.waiters.size ?? 0) + (this.#changeWaiters.get(showId)?.size ?? 0);
  }

  #wakeChangeWaiters(showId: string): void {
    const waiters = this.#changeWaiters.get(showId);
    if (!waiters) return;
    this.#changeWaiters.delete(showId);
    for (const wake of waiters) wake();
  }
}
