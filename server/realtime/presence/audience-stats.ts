import type { Database } from '../../database/prisma-client';
import type { RealtimeLogger } from '../transport/realtime-logger';

/**
 * Keeps Show.peakViewers and Show.totalViewers: buffered in memory, written every few seconds. Peaks use a
 * conditional update so several nodes can write without lowering a peak; totals are increments.
 */
export class AudienceStats {
  readonly #newViewers = new Map<string, number>();
  readonly #peaks = new Map<string, number>();
  readonly #written = new Map<string, number>();
  readonly #timer: NodeJS.Timeout;
  #flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly logger: RealtimeLogger,
    intervalMs = 2000,
  ) {
    this.#timer = setInterval(() => void this.flush(), intervalMs);
    this.#timer.unref();
  }

  countNewViewer(showId: string): void {
    this.#newViewers.set(showId, (this.#newViewers.get(showId) ?? 0) + 1);
  }

  observe(showId: string, viewers: number): void {
    if (viewers > (this.#peaks.get(showId) ?? 0)) this.#peaks.set(showId, viewers);
  }

  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#write());
    return this.#flushing;
  }

  async #write(): Promise<void> {
    for (const [showId, count] of [...this.#newViewers]) {
      this.#newViewers.delete(showId);
      try {
        await this.db.show.updateMany({ where: { id: showId }, data: { totalViewers: { increment: count } } });
      } catch (error) {
        this.#newViewers.set(showId, (this.#newViewers.get(showId) ?? 0) + count);
        this.logger.warn({ err: error, showId }, 'realtime: could not save the viewer total; will retry');
      }
    }
    for (const [showId, peak] of this.#peaks) {
      if ((this.#written.get(showId) ?? 0) >= peak) continue;
      try {
        await this.db.show.updateMany({
          where: { id: showId, peakViewers: { lt: peak } },
          data: { peakViewers: peak },
        });
        this.#written.set(showId, peak);
      } catch (error) {
        this.logger.warn({ err: error, showId }, 'realtime: could not save the viewer peak; will retry');
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}
