// Thin transport for client commands: rate limit, parse with zod, run one domain function, ack the result.
// Nothing a client sends can throw out of here; unknown failures are logged and acked with a generic message.
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { AppError, type ErrorCode } from '../../errors/app-error';
import { socketCommandDuration, socketCommands } from '../../observability/metrics';
import { clientCommandNames, type AckResult, type ClientToServerEvents } from '../contract';
import type { RealtimeLogger } from './realtime-logger';
import type { RealtimeSocket } from './socket-types';
import { TokenBucket } from './token-bucket';

type AckData<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[1] extends
  | ((result: AckResult<infer T>) => void)
  | undefined
  ? T
  : never;

const known = new Set<string>(clientCommandNames);

const failure = (code: ErrorCode, message: string): AckResult<never> => ({ ok: false, error: { code, message } });

function validationMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid payload';
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

export interface ConnectionLimits {
  /** Commands of any kind per connection. */
  commands: { capacity: number; perSecond: number };
  /** Rejected commands (rate limited or malformed) within 10 s before the connection is dropped. */
  floodThreshold: number;
}

/** One per connection: owns the connection's command budget and its flood counter. */
export class CommandRouter {
  readonly #bucket: TokenBucket;
  #rejections: number[] = [];

  constructor(
    private readonly socket: RealtimeSocket,
    private readonly limits: ConnectionLimits,
    private readonly logger: RealtimeLogger,
  ) {
    this.#bucket = new TokenBucket(limits.commands.capacity, limits.commands.perSecond);
    (socket as unknown as Socket).onAny((event: unknown, ...args: unknown[]) => {
      if (typeof event === 'string' && known.has(event)) return;
      const ack = args.at(-1);
      this.#reject(
        typeof ack === 'function' ? (ack as (r: unknown) => void) : null,
        failure('VALIDATION_FAILED', 'unknown event'),
      );
    });
  }

  on<E extends keyof ClientToServerEvents, S extends z.ZodType>(
    event: E,
    schema: S,
    run: (input: z.infer<S>) => Promise<AckData<E>> | AckData<E>,
    /** bucket: its own budget instead of the connection's (reactions); over it, acked but not counted as flood. */
    options: { bucket?: TokenBucket } = {},
  ): void {
    (this.socket as unknown as Socket).on(event as string, async (...args: unknown[]) => {
      const last = args.at(-1);
      const ack = typeof last === 'function' ? (args.pop() as (result: AckResult<unknown>) => void) : null;
      if (options.bucket ? !options.bucket.take() : !this.#bucket.take()) {
        const limited = failure('RATE_LIMITED', 'slow down: too many actions');
        return options.bucket ? ack?.(limited) : this.#reject(ack, limited);
      }
      const parsed = args.length === 1 ? schema.safeParse(args[0]) : null;
      if (!parsed?.success) {
        return this.#reject(
          ack,
          failure('VALIDATION_FAILED', parsed ? validationMessage(parsed.error) : 'send exactly one payload object'),
        );
      }
      const timer = socketCommandDuration.startTimer({ event });
      try {
        const data = await run(parsed.data);
        socketCommands.inc({ event, outcome: 'ok' });
        ack?.({ ok: true, data });
      } catch (error) {
        socketCommands.inc({ event, outcome: error instanceof AppError ? error.code : 'INTERNAL' });
        if (error instanceof AppError) return ack?.(failure(error.code, error.message));
        this.logger.error(
          { err: error, event, socketId: this.socket.id, showId: this.socket.data.showId },
          'realtime command failed',
        );
        ack?.(failure('INTERNAL', 'something went wrong on our side; try again'));
      } finally {
        timer();
      }
    });
  }

  #reject(ack: ((result: AckResult<never>) => void) | null, result: AckResult<never>): void {
    ack?.(result);
    const now = Date.now();
    this.#rejections = this.#rejections.filter((at) => now - at < 10_000);
    this.#rejections.push(now);
    if (this.#rejections.length > this.limits.floodThreshold) {
      this.logger.warn(
        { socketId: this.socket.id, userId: this.socket.data.viewer?.userId },
        'realtime flood: connection dropped',
      );
      this.socket.disconnect(true);
    }
  }
}
