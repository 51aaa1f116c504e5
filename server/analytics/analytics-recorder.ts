// One recorder per process (per database client): hooks push events into memory in O(1) and return; a timer writes
// them in one transaction a second (analytics-writer.ts). Chat and buying never wait on analytics.
import type { Database } from '../database/prisma-client';
import type { AnalyticsKind, OrderEventKind } from './analytics-schemas';
import { eventLine, viewerLinePrefix, writeBatch, type AnalyticsBatch } from './analytics-writer';
import { EventLines } from './event-lines';

export interface RecorderOptions {
  flushMs: number;
  heartbeatSeconds: number;
  /** Events kept in memory while the database does not answer; past that the oldest are dropped (and counted). */
  maxBuffered: number;
  onError?: (error: unknown) => void;
}

interface Presence {
  showId: string;
  viewerKey: string;
  userId: string | null;
  /** the start of this viewer's event lines (viewerLinePrefix) */
  prefix: string;
  sockets: number;
  lastBeat: number;
}

export class AnalyticsRecorder {
  /** The benchmark compares chat with recording on and off in one run. */
  enabled = true;
  /** How often each present viewer gets a heartbeat (the benchmark shortens it). */
  heartbeatSeconds: number;
  accepted = 0;
  stored = 0;
  lost = 0;
  #batch: AnalyticsBatch = emptyBatch();
  #presence = new Map<string, Presence>();
  #timer: NodeJS.Timeout;
  #beatTimer: NodeJS.Timeout;
  #flushing: Promise<void> | null = null;
  #closed = false;

  constructor(
    private readonly db: Database,
    private readonly options: RecorderOptions,
  ) {
    this.heartbeatSeconds = options.heartbeatSeconds;
    this.#timer = setInterval(() => void this.flush(), options.flushMs);
    this.#timer.unref();
    this.#beatTimer = setInterval(() => this.#beat(Date.now()), 1000);
    this.#beatTimer.unref();
  }

  get buffered(): number {
    return this.#batch.lines.count + this.#batch.orders.length;
  }

  viewerJoined(input: {
    brandId: string;
    showId: string;
    viewerKey: string;
    userId: string | null;
    anonId: string | null;
    replay: boolean;
    source: { deliveryId: string; balloon: number } | null;
  }): void {
    if (!this.enabled) return;
    const key = `${input.showId}|${input.viewerKey}`;
    const present = this.#presence.get(key);
    const now = Date.now();
    if (present) {
      present.sockets += 1;
      return; // a second tab of the same viewer: one viewer, one watch time
    }
    const presence: Presence = {
      showId: input.showId,
      viewerKey: input.viewerKey,
      userId: input.userId,
      prefix: viewerLinePrefix(input.brandId, input.showId, input.viewerKey, input.userId, input.replay),
      sockets: 1,
      lastBeat: now,
    };
    this.#presence.set(key, presence);
    this.#push(presence, 'viewer_joined', null, 0, now);
    if (input.source) this.#batch.sources.push({ showId: input.showId, viewerKey: input.viewerKey, ...input.source });
    if (input.userId && input.anonId) this.#batch.identities.set(input.anonId, input.userId);
    if (!input.userId && input.anonId)
      this.#batch.anonIds.push({ showId: input.showId, viewerKey: input.viewerKey, anonId: input.anonId });
  }

  viewerLeft(showId: string, viewerKey: string): void {
    const key = `${showId}|${viewerKey}`;
    const present = this.#presence.get(key);
    if (!present) return;
    present.sockets -= 1;
    if (present.sockets > 0) return;
    this.#presence.delete(key);
    if (!this.enabled) return;
    const now = Date.now();
    this.#push(present, 'viewer_left', null, Math.round((now - present.lastBeat) / 1000), now);
  }

  /** A room event of a joined viewer (chat, reaction, a product card seen or tapped, a pin by the host). */
  roomEvent(showId: string, viewerKey: string, kind: AnalyticsKind, productId: string | null = null): void {
    if (!this.enabled) return;
    const present = this.#presence.get(`${showId}|${viewerKey}`);
    if (!present) return;
    this.#push(present, kind, productId, 0, Date.now());
    if (kind === 'card_tapped' && present.userId && productId)
      this.#batch.taps.push({ userId: present.userId, productId });
  }

  /** Commerce: the order's show, buyer, products and amounts are read when the batch is written. */
  orderEvent(kind: OrderEventKind, orderId: string): void {
    if (!this.enabled) return;
    this.accepted += 1;
    this.#batch.orders.push({ kind, orderId, at: Date.now() });
  }

  /** Heartbeats: each present viewer once per heartbeatSeconds, carrying the seconds watched since the last one. */
  #beat(now: number): void {
    const every = this.heartbeatSeconds * 1000;
    for (const present of this.#presence.values()) {
      if (now - present.lastBeat < every) continue;
      const seconds = Math.round((now - present.lastBeat) / 1000);
      present.lastBeat = now;
      // Switched off, the beats keep their rhythm unrecorded: switched on again, viewers do not all beat at once.
      if (this.enabled) this.#push(present, 'heartbeat', null, seconds, now);
    }
  }

  #push(present: Presence, kind: AnalyticsKind, productId: string | null, units: number, at: number): void {
    this.accepted += 1;
    this.#batch.lines.push(eventLine(present.prefix, kind, productId, units, at));
  }

  /**
   * Writes what is buffered up to this call; one write at a time, so a call during a write waits for it and then
   * writes what came after. A failed batch goes back to the front (bounded).
   */
  flush(): Promise<void> {
    if (this.#flushing) return this.#flushing.then(() => this.flush());
    if (this.buffered === 0 && this.#batch.identities.size === 0) return Promise.resolve();
    const batch = this.#batch;
    this.#batch = emptyBatch();
    this.#flushing = writeBatch(this.db, batch)
      .then(
        () => {
          this.stored += batch.lines.count + batch.orders.length;
        },
        (error: unknown) => {
          this.options.onError?.(error);
          if (this.#closed) {
            this.lost += batch.lines.count + batch.orders.length;
            return;
          }
          this.#batch = mergeBatches(batch, this.#batch);
          const over = this.buffered - this.options.maxBuffered;
          if (over > 0) {
            this.lost += this.#batch.lines.dropOldest(over);
          }
        },
      )
      .finally(() => {
        this.#flushing = null;
      });
    return this.#flushing;
  }

  /** Ends every open visit (a closing process), writes the rest, stops the timers. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    clearInterval(this.#timer);
    clearInterval(this.#beatTimer);
    for (const present of [...this.#presence.values()]) {
      present.sockets = 1;
      this.viewerLeft(present.showId, present.viewerKey);
    }
    await this.#flushing;
    this.#closed = true;
    await this.flush();
  }
}

function emptyBatch(): AnalyticsBatch {
  return { lines: new EventLines(), orders: [], taps: [], sources: [], identities: new Map(), anonIds: [] };
}

function mergeBatches(first: AnalyticsBatch, second: AnalyticsBatch): AnalyticsBatch {
  return {
    lines: first.lines.concat(second.lines),
    orders: first.orders.concat(second.orders),
    taps: first.taps.concat(second.taps),
    sources: first.sources.concat(second.sources),
    identities: new Map([...first.identities, ...second.identities]),
    anonIds: first.anonIds.concat(second.anonIds),
  };
}

// Hooks live in other domains' code paths, which all hold the platform's database client: the recorder of a
// process is found through it, so a hook is one call and a process without the analytics module records nothing.
const recorders = new WeakMap<Database, AnalyticsRecorder>();

export function registerRecorder(db: Database, recorder: AnalyticsRecorder): () => void {
  recorders.set(db, recorder);
  return () => {
    if (recorders.get(db) === recorder) recorders.delete(db);
  };
}

export const recorderFor = (db: Database): AnalyticsRecorder | undefined => recorders.get(db);
