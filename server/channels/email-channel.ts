import type { MailPort } from '../mail/mail-port';
import { errorMessage, type ChannelPort, type DeliveryOutcome, type OutgoingDelivery } from './channel-port';
import { buildEmail } from './email-message';
import { KeyedPacer } from './pacing';
import type { TrackingLinks } from './tracking-links';

/** SMTP 5xx means the address or content was refused for good; anything else may pass on a later attempt. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export interface EmailOptions {
  /** Messages per second this process sends in all. */
  ratePerSecond?: number;
  /** Messages per second to one recipient domain (receivers throttle or defer senders that go faster). */
  perDomainPerSecond?: number | ((domain: string) => number);
  /** The domain of Message-IDs. */
  domain?: string;
}

export const recipientDomain = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

export function createEmailChannel(transport: MailPort, links: TrackingLinks, options: EmailOptions = {}): ChannelPort {
  const domain = options.domain ?? 'livecart.local';
  const perDomain = options.perDomainPerSecond ?? 50;
  const domains = new KeyedPacer(typeof perDomain === 'function' ? perDomain : () => perDomain);
  return {
    channel: 'EMAIL',
    batchSize: 200,
    ratePerSecond: options.ratePerSecond ?? 200,
    // Two batches in flight: while one waits on a slow domain, the other keeps the SMTP pool busy.
    concurrency: 2,
    async send(batch: OutgoingDelivery[]): Promise<DeliveryOutcome[]> {
      return Promise.all(
        batch.map(async (delivery): Promise<DeliveryOutcome> => {
          const to = delivery.follower.email;
          if (!to) return { id: delivery.id, status: 'SKIPPED', reason: 'no email address' };
          const content = buildEmail(delivery.id, delivery.message, links);
          await domains.acquire(recipientDomain(to));
          try {
            await transport.send({
              to,
              ...content,
              // A stable Message-ID lets receiving systems drop a copy resent after a crash.
              messageId: `<${delivery.id}@${domain}>`,
              headers: {
                'List-Unsubscribe': `<${links.unsubscribe(delivery.id)}>`,
                'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
              },
            });
            return { id: delivery.id, status: 'SENT', delivered: true };
          } catch (error) {
            return { id: delivery.id, status: 'FAILED', permanent: isPermanent(error), error: errorMessage(error) };
          }
        }),
      );
    },
    close: () => transport.close(),
  };
}
