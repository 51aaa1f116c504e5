import type { PresenceReport } from '../contract';

export interface PresenceTrackerOptions {
  nodeId: string;
  /** How often this node reports its counts and pushes changed totals to its sockets. */
  intervalMs: number;
  /** Sends this node's report to the other nodes (no-op without a cluster). */
  publish(report: PresenceReport): void;
  /** Tells this node's sockets in a show the new total. */
  emitLocal(showId: string, viewers: number): void;
  /** Called with every total, so peaks can be kept. */
  observe(showId: string, viewers: number): void;
}

/**
 * Live viewer counts across nodes without a shared counter: each node counts its own distinct viewers per show
 * and reports them every interval; a node's total is its own count plus the latest fresh report of every other
 * node. A report older than three intervals (at least 3 s) is dropped, so a dead node (or a Redis outage) stops counting
 * instead of freezing the number, and the count heals when reports flow again.
 */
export class PresenceTracker {
  /** showId -> viewer key -> sockets of that viewer on this node */
  readonly #local = new Map<string, Map<string, number>>();
  readonly #remote = new Map<string, { at: number; counts: Record<string, number> }>();
  readonly #lastSent = new Map<string, number>();
  readonly #timer: NodeJS.Timeout;

  constructor(private readonly options: PresenceTrackerOptions) {
    this.#timer = setInterval(() => this.tick(), options.intervalMs);
    this.#timer.unref();
  }

  join(showId: string, viewerKey: string): void {
    const viewers = this.#local.get(showId) ?? new Map<string, number>();
    viewers.set(viewerKey, (viewers.get(viewerKey) ?? 0) + 1);
    this.#local.set(showId, viewers);
  }

  leave(showId: string, viewerKey: string): void {
    const viewers = this.#local.get(showId);
    const sockets = viewers?.get(viewerKey);
    if (!viewers || !sockets) return;
    if (sockets > 1) viewers.set(viewerKey, sockets - 1);
    else viewers.delete(viewerKey);
  }

  onReport(report: PresenceReport): void {
    if (report.nodeId !== this.options.nodeId)
      this.#remote.set(report.nodeId, { at: Date.now(), counts: report.counts });
  }

  total(showId: string): number {
    let total = this.#local.get(showId)?.size ?? 0;
    // Three intervals, and never under 3 s: a busy node's timer can run late without its viewers vanishing.
    const freshAfter = Date.now() - Math.max(3 * this.options.intervalMs, 3000);
    for (const [nodeId, report] of this.#remote) {
      if (report.at < freshAfter) this.#remote.delete(nodeId);
      else total += report.counts[showId] ?? 0;
    }
    return total;
  }

  /** Distinct viewers in this node's rooms (a viewer in two tabs counts once per show). */
  localViewers(): number {
    let viewers = 0;
    for (const show of this.#local.values()) viewers += show.size;
    return viewers;
  }

  localConnections(): number {
    let sockets = 0;
    for (const viewers of this.#local.values()) for (const count of viewers.values()) sockets += count;
    return sockets;
  }

  tick(): void {
    const counts: Record<string, number> = {};
    for (const [showId, viewers] of this.#local) {
      if (viewers.size > 0) counts[showId] = viewers.size;
      else this.#local.delete(showId);
    }
    this.options.publish({ nodeId: this.options.nodeId, counts });
    const shows = new Set([...Object.keys(counts), ...this.#lastSent.keys()]);
    for (const showId of shows) {
      const total = this.total(showId);
      this.options.observe(showId, total);
      if (this.#lastSent.get(showId) === total) continue;
      if (counts[showId]) {
        this.#lastSent.set(showId, total);
        this.options.emitLocal(showId, total);
      } else {
        this.#lastSent.delete(showId); // nobody here to tell
      }
    }
  }

  close(): void {
    clearInterval(this.#timer);
  }
}
