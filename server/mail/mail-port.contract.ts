// One behaviour, two implementations: SMTP (to a real local SMTP server) and the embedded outbox must both pass
// these. `inbox(to)` reads what a recipient got, as that implementation delivers it.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailPort } from './mail-port';

export interface DeliveredMail {
  subject: string;
  /** Everything a reader can see: the text part, and the HTML part when there is one. */
  body: string;
  hasHtml: boolean;
}

export interface MailPortHarness {
  port: MailPort;
  inbox(to: string): Promise<DeliveredMail[]>;
  close(): Promise<void>;
}

export function mailPortContract(name: string, open: () => Promise<MailPortHarness>): void {
  describe(`MailPort contract: ${name}`, () => {
    let harness: MailPortHarness;
    beforeAll(async () => {
      harness = await open();
    });
    afterAll(async () => {
      await harness?.port.close();
      await harness?.close();
    });
    const recipient = () => `buyer-${randomBytes(4).toString('hex')}@test.local`;

    it('delivers a receipt (text only) to its recipient once send resolves', async () => {
      const to = recipient();
      await harness.port.send({ to, subject: 'Your Acme order is paid', text: 'We received JPY 5,000.\nOrder o1' });
      const mails = await harness.inbox(to);
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({ subject: 'Your Acme order is paid', hasHtml: false });
      expect(mails[0]!.body).toContain('We received JPY 5,000.');
    });

    it('delivers an announcement with its HTML part, Message-ID and headers accepted', async () => {
      const to = recipient();
      await harness.port.send({
        to,
        subject: 'Live in 10 minutes',
        text: 'Doors open soon',
        html: '<p>Doors open soon</p>',
        messageId: `<d-${randomBytes(4).toString('hex')}@livecart.local>`,
        headers: { 'List-Unsubscribe': '<https://shop.example/u>' },
      });
      const [mail] = await harness.inbox(to);
      expect(mail).toMatchObject({ subject: 'Live in 10 minutes', hasHtml: true });
      expect(mail!.body).toContain('Doors open soon');
      expect(mail!.body).toContain('<p>Doors open soon</p>');
    });

    it('delivers concurrent sends each exactly once, to their own recipients', async () => {
      const recipients = Array.from({ length: 8 }, recipient);
      await Promise.all(
        recipients.map((to, index) => harness.port.send({ to, subject: `Notice ${index}`, text: `for ${to}` })),
      );
      for (const [index, to] of recipients.entries()) {
        const mails = await harness.inbox(to);
        expect(mails.map((mail) => mail.subject)).toEqual([`Notice ${index}`]);
        expect(mails[0]!.body).toContain(`for ${to}`);
      }
    });
  });
}
