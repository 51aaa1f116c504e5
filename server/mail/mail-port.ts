// The one mail port: receipts and refund notices (commerce) and announcement email (channels) both send through
// it. SMTP in production, the MailOutbox table (shown on /outbox) in the embedded demo: nothing leaves the machine.
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** A stable Message-ID lets receiving systems drop a copy resent after a crash. */
  messageId?: string;
  headers?: Record<string, string>;
}

export interface MailPort {
  /** Resolves once the message is accepted (SMTP 2xx, or the outbox row written); rejects with SMTP's responseCode when refused. */
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}
