import type { Database } from '../database/prisma-client';
import type { ChannelPort } from '../channels/channel-port';
import { deliveries } from '../observability/metrics';
import { claimDeliveries } from './claim-deliveries';
import { defaultRetryPolicy, recordOutcomes, type RetryPolicy } from './record-outcomes';
import { cancelStaleSteps, completeSteps, findDueSteps } from './due-steps';
import { enqueueStep, type EnqueueDeps } from './enqueue-deliveries';
import { TokenBucket } from './rate-limiter';

export interface DeliveryWorkerOptions {
  db: Database;
  render: Omit<EnqueueDeps, 'channels'>;
  channels: ChannelPort[];
  /** How often the database is polled for due steps and deliveries. */
  pollMs?: number;
  /** How long a claimed delivery stays invisible to other workers. */
  leaseMs?: number;
  retry?: RetryPolicy;
  clock?: () => Date;
  name?: string;
  /** Problems (a failed tick). */
  log?: (line: string) => void;
  /** Routine progress (a step enqueued). */
  info?: (line: string) => void;
}

export interface TickResult {
  enqueued: number;
  sent: number;
  failed: number;
}

/**
 * The announcement worker: turns due steps into deliveries and sends them. All its state is in the database, so any
 * number of instances (in the platform process, or ROLE=worker processes) can run and restart at any time.
 */
export class DeliveryWorker {
  readonly #db: Database;
  readonly #options: Required<
    Pick<DeliveryWorkerOptions, 'pollMs' | 'leaseMs' | 'retry' | 'clock' | 'name' | 'log' | 'info'>
  >;
  readonly #render: EnqueueDeps;
  readonly #channels: ChannelPort[];
  readonly #buckets = new Map<string, TokenBucket>();
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<TickResult> | null = null;
  #again = false;
  #closed = false;

  static create(options: DeliveryWorkerOptions): DeliveryWorker {
    return new DeliveryWorker(options);
  }

  private constructor(options: DeliveryWorkerOptions) {
    this.#db = options.db;
    this.#channels = options.channels;
    this.#render = { ...options.render, channels: new Set(options.channels.map((port) => port.channel)) };
    this.#options = {
      pollMs: options.pollMs ?? 1000,
      leaseMs: options.leaseMs ?? 60_000,
      retry: options.retry ?? defaultRetryPolicy,
      clock: options.clock ?? (() => new Date()),
      name: options.name ?? 'worker',
      log: options.log ?? ((line) => console.warn(line)),
      info: options.info ?? (() => {}),
    };
    for (const port of options.channels) {
      if (port.ratePerSecond)
        this.#buckets.set(
          port.channel,
          new TokenBucket(port.ratePerSecond, Math.max(port.ratePerSecond, port.batchSize)),
        );
    }
  }

  start(): void {
    if (this.#timer || this.#closed) return;
    const loop = async () => {
      await this.wake();
      if (!this.#closed) this.#timer = setTimeout(loop, this.#options.pollMs);
    };
    this.#timer = setTimeout(loop, 0);
  }

  /** Runs a tick now (e.g. right after a show went live); a call during a tick schedules one more. */
  async wake(): Promise<TickResult> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      let total: TickResult = { enqueued: 0, sent: 0, failed: 0 };
      do {
        this.#again = false;
        const result = await this.tick().catch((error: unknown) => {
          this.#options.log(
            `[announcements:${this.#options.name}] tick failed: ${error instanceof Error ? error.message : String(error)}`,
          );
          return { enqueued: 0, sent: 0, failed: 0 };
        });
        total = {
          enqueued: total.enqueued + result.enqueued,
          sent: total.sent + result.sent,
          failed: total.failed + result.failed,
        };
      } while (this.#again && !this.#closed);
      return total;
    })();
    try {
      return await this.#running;
    } finally {
      this.#running = null;
    }
  }

  /** One pass: cancel stale steps, enqueue due ones, drain each channel's due deliveries, close finished steps. */
  async tick(): Promise<TickResult> {
    const now = this.#options.clock();
    const result: TickResult = { enqueued: 0, sent: 0, failed: 0 };
    await cancelStaleSteps(this.#db, now);
    for (const stepId of await findDueSteps(this.#db, now)) {
      if (this.#closed) break;
      const enqueued = await enqueueStep(this.#db, this.#render, stepId, now);
      if (enqueued) {
        result.enqueued += enqueued.deliveries;
        this.#options.info(
          `[announcements:${this.#options.name}] [announcementId:${stepId}] enqueued ${enqueued.deliveries} deliveries`,
        );
      }
    }
    await Promise.all(this.#channels.map((port) => this.#drain(port, result)));
    await completeSteps(this.#db);
    return result;
  }

  /** Several claim -> send -> record loops per channel, so the database works on one batch while another is sent. */
  async #drain(port: ChannelPort, result: TickResult): Promise<void> {
    await Promise.all(Array.from({ length: Math.max(1, port.concurrency ?? 1) }, () => this.#drainOne(port, result)));
  }

  async #drainOne(port: ChannelPort, result: TickResult): Promise<void> {
    const bucket = this.#buckets.get(port.channel);
    while (!this.#closed) {
      const limit = bucket ? bucket.take(port.batchSize) : port.batchSize;
      if (limit === 0) return;
      const now = this.#options.clock();
      const claimed = await claimDeliveries(
        this.#db,
        port.channel,
        limit,
        now,
        new Date(now.getTime() + this.#options.leaseMs),
      );
      const count = claimed ? claimed.deliveries.length + claimed.skipped.length : 0;
      bucket?.refund(limit - count);
      if (!claimed) return;
      const attempts = new Map(claimed.deliveries.map((delivery) => [delivery.id, delivery.attempts]));
      const outcomes = claimed.deliveries.length ? await port.send(claimed.deliveries) : [];
      const recorded = [
        ...outcomes.map((outcome) => ({ ...outcome, attempts: attempts.get(outcome.id) ?? 1 })),
        ...claimed.skipped.map((row) => ({ id: row.id, status: 'SKIPPED' as const, reason: row.reason, attempts: 1 })),
      ];
      const sent = await recordOutcomes(this.#db, claimed.lease, recorded, this.#options.clock(), this.#options.retry);
      result.sent += sent.size;
      for (const outcome of recorded) deliveries.inc({ channel: port.channel, state: outcome.status });
      result.failed += outcomes.filter((outcome) => outcome.status === 'FAILED').length;
      if (sent.size) port.afterCommit?.(claimed.deliveries.filter((delivery) => sent.has(delivery.id)));
    }
  }

  /** Stops polling and waits for the tick in progress; idempotent. Channels are closed by whoever created them. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => {});
  }
}
