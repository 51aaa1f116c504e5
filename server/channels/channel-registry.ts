import type { Config } from '../config/config-schema';
import type { Database } from '../database/prisma-client';
import type { ChannelPort } from './channel-port';
import { createOutboxMail } from '../mail/outbox-mail';
import { createSmtpMail } from '../mail/smtp-mail';
import { createEmailChannel } from './email-channel';
import { createLineChannel } from './line-channel';
import { createPushChannel, type VapidKeys } from './push-channel';
import { createTrackingLinks } from './tracking-links';

/** The external channels this platform sends on (the in-app inbox is added by the application itself). */
export function createExternalChannels(
  config: Pick<Config, 'announcements' | 'smtpUrl' | 'mailFrom' | 'mode'>,
  db: Database,
  links: { publicBaseUrl: string; linkSecret: string },
  vapid: VapidKeys | null,
): ChannelPort[] {
  const tracking = createTrackingLinks(links.publicBaseUrl, links.linkSecret);
  const ports: ChannelPort[] = [];
  for (const channel of config.announcements.channels) {
    if (channel === 'EMAIL') {
      // Embedded mode without SMTP keeps mail in the MailOutbox table, so the demo never sends real email.
      const transport = config.smtpUrl ? createSmtpMail(config.smtpUrl, config.mailFrom) : createOutboxMail(db);
      ports.push(createEmailChannel(transport, tracking));
    }
    if (channel === 'PUSH' && vapid) ports.push(createPushChannel(db, vapid, tracking));
    if (channel === 'LINE' && config.announcements.line)
      ports.push(createLineChannel(tracking, config.announcements.line));
  }
  return ports;
}
