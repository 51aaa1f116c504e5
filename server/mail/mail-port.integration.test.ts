// The mail port's contract against both implementations: SMTP to a real SMTP server on 127.0.0.1 (smtp-server),
// and the outbox on a real database.
import { createTestDatabase } from '../../infra/test-support/test-database';
import { startSmtpSink } from '../channels/testing/smtp-sink';
import { mailPortContract } from './mail-port.contract';
import { createOutboxMail } from './outbox-mail';
import { createSmtpMail } from './smtp-mail';

/** The header block's Subject, unfolded (ASCII subjects: the contract's are). */
const subjectOf = (raw: string) => /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)?.[1]?.replace(/\r\n[ \t]/g, ' ') ?? '';

mailPortContract('smtp', async () => {
  const sink = await startSmtpSink();
  return {
    port: createSmtpMail(sink.url, 'Livecart <no-reply@livecart.local>'),
    async inbox(to) {
      return sink.messages
        .filter((mail) => mail.to.includes(to))
        .map((mail) => ({
          subject: subjectOf(mail.raw),
          body: mail.raw,
          hasHtml: /Content-Type: text\/html/i.test(mail.raw),
        }));
    },
    close: () => sink.close(),
  };
});

mailPortContract('outbox', async () => {
  const database = await createTestDatabase();
  return {
    port: createOutboxMail(database.db),
    async inbox(to) {
      const rows = await database.db.mailOutbox.findMany({ where: { to } });
      return rows.map((row) => ({
        subject: row.subject,
        body: `${row.text}\n${row.html ?? ''}`,
        hasHtml: row.html !== null,
      }));
    },
    close: () => database.drop(),
  };
});
