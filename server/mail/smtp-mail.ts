import nodemailer from 'nodemailer';
import type { MailPort } from './mail-port';

export function createSmtpMail(smtpUrl: string, from: string): MailPort {
  // A pool keeps a few SMTP connections open: one connection per message costs a handshake each time.
  const transporter = nodemailer.createTransport(
    { url: smtpUrl, pool: true, maxConnections: 5, maxMessages: 500 },
    { from },
  );
  return {
    async send(message) {
      await transporter.sendMail({ from, ...message });
    },
    async close() {
      transporter.close();
    },
  };
}
