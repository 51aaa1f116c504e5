import type { RenderedMessage } from '../announcements/announcement-schemas';

export type ChannelName = 'INAPP' | 'EMAIL' | 'PUSH' | 'LINE';

/** One claimed delivery as a channel sees it: who, what, and the ids needed for links and idempotency keys. */
export interface OutgoingDelivery {
  id: string;
  announcementId: string;
  showId: string;
  attempts: number;
  follower: { id: string; name: string; email: string | null; lineUserId: string | null; userId: string | null };
  message: RenderedMessage;
}

export type DeliveryOutcome =
  | { id: string; status: 'SENT'; delivered: boolean }
  /** Not sent and never will be (opted out, no address left): counted apart from failures. */
  | { id: string; status: 'SKIPPED'; reason: string }
  | {
      id: string;
      status: 'FAILED';
      permanent: boolean;
      error: string;
      /** Rows that failed in one request (a LINE multicast): retried at one time, so they go out as that request again. */
      retryGroup?: string;
    };

/**
 * A way to reach a follower. The delivery worker claims rows per channel, hands a batch to `send`, and records one
 * outcome per delivery. Adapters must be safe to call again with the same delivery after a crash: they pass the
 * delivery id (or a key derived from it) to the provider as an idempotency key where the provider supports one.
 */
export interface ChannelPort {
  readonly channel: ChannelName;
  /** Most deliveries handed to one `send` call. */
  readonly batchSize: number;
  /** Deliveries per second this process may send on this channel; null = unlimited. */
  readonly ratePerSecond: number | null;
  /** Batches this process claims and sends at once on this channel (default 1). */
  readonly concurrency?: number;
  send(batch: OutgoingDelivery[]): Promise<DeliveryOutcome[]>;
  /** Called once the SENT outcomes are committed (the inbox tells browsers only then, so they never read too early). */
  afterCommit?(sent: OutgoingDelivery[]): void;
  close?(): Promise<void>;
}

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);
