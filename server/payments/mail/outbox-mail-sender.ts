import type { Database } from '../../database/prisma-client';
import type { MailSender } from './mail-sender';

export function createOutboxMailSender(db: Database): MailSender {
  return {
    kind: 'outbox',
    async send(message) {
      await db.mailOutbox.create({ data: { to: message.to, subject: message.subject, text: message.text, html: message.html ?? null } });
    },
    async close() {},
  };
}
