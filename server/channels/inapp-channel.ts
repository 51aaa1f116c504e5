import type { EventBus } from '../realtime/event-bus';
import type { ChannelPort, DeliveryOutcome, OutgoingDelivery } from './channel-port';

/** Tells connected browsers that a user's inbox has something new (the bell listens over server-sent events). */
export interface InboxNotifier {
  notify(userIds: string[]): void;
}

/** Publishes `inbox:changed` on the platform's event bus: every process's inbox streams and account rooms hear it. */
export function createInboxNotifier(bus: EventBus): InboxNotifier {
  return {
    notify(userIds) {
      for (const userId of new Set(userIds)) bus.publish('inbox:changed', { userId });
    },
  };
}

/**
 * The inbox is the delivery row itself: marking it SENT is what makes it appear, so the in-app channel has nothing
 * to call. Followers without an account (imported customers) never get an INAPP row.
 */
export function createInAppChannel(notifier: InboxNotifier | null): ChannelPort {
  return {
    channel: 'INAPP',
    batchSize: 2000,
    ratePerSecond: null,
    // Sending is a database write: two batches in flight keep both the worker and PostgreSQL busy.
    concurrency: 2,
    async send(batch: OutgoingDelivery[]): Promise<DeliveryOutcome[]> {
      return batch.map((delivery) =>
        delivery.follower.userId
          ? { id: delivery.id, status: 'SENT', delivered: true }
          : { id: delivery.id, status: 'SKIPPED', reason: 'follower has no account' },
      );
    },
    afterCommit(sent) {
      notifier?.notify(sent.flatMap((delivery) => (delivery.follower.userId ? [delivery.follower.userId] : [])));
    },
  };
}
