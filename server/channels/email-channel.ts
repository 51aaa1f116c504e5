import type { MailPort } from '../mail/mail-port';
import { errorMessage, type ChannelPort, type DeliveryOutcome, type OutgoingDelivery } from './channel-port';
import { buildEmail } from './email-message';
import type { TrackingLinks } from './tracking-links';

/** SMTP 5xx means the address or content was refused for good; anything else may pass on a later attempt. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export function createEmailChannel(transport: MailPort, links: TrackingLinks, options: { ratePerSecond?: number; domain?: string } = {}): ChannelPort {
  const domain = options.domain ?? 'livecart.local';
  return {
    channel: 'EMAIL',
    batchSize: 20,
    ratePerSecond: options.ratePerSecond ?? 20,
    async send(batch: OutgoingDelivery[]): Promise<DeliveryOutcome[]> {
      return Promise.all(
        batch.map(async (delivery): Promise<DeliveryOutcome> => {
          const to = delivery.follower.email;
          if (!to) return { id: delivery.id, status: 'SKIPPED', reason: 'no email address' };
          const content = buildEmail(delivery.id, delivery.message, links);
          try {
            await transport.send({
              to,
              ...content,
              // A stable Message-ID lets receiving systems drop a copy resent after a crash.
              messageId: `<${delivery.id}@${domain}>`,
              headers: { 'List-Unsubscribe': `<${links.unsubscribe(delivery.id)}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
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
