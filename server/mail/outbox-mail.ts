import type { Database } from '../database/prisma-client';
import type { MailPort } from './mail-port';

/** Embedded mode: mail is a MailOutbox row (Message-ID and headers are a transport's concern and are not kept). */
export function createOutboxMail(db: Database): MailPort {
  return {
    async send(message) {
      await db.mailOutbox.create({
        data: { to: message.to, subject: message.subject, text: message.text, html: message.html ?? null },
      });
    },
    async close() {},
  };
}
