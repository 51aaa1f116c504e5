import { describe, expect, it } from 'vitest';
import type { RenderedMessage } from '../announcements/announcement-schemas';
import { buildEmail } from './email-message';
import { toLineMessages } from './line-messages';
import { createTrackingLinks } from './tracking-links';

const links = createTrackingLinks('https://shop.example', 'secret');
const hostile = '<img src=x onerror=alert(1)>"&\'';

describe('email message', () => {
  it('escapes every rendered value: no HTML from a follower or a brand reaches the email', () => {
    const message: RenderedMessage = {
      title: `Acme: ${hostile}`,
      showUrl: 'https://shop.example/shows/s1',
      balloons: [
        { type: 'text', text: `Hi ${hostile}` },
        {
          type: 'product',
          productId: 'p1',
          title: hostile,
          priceMinor: 1999,
          currency: 'usd',
          imageUrl: null,
          url: 'https://shop.example/shows/s1?product=p1',
          label: hostile,
          category: 'bags',
        },
        { type: 'button', label: `Go ${hostile}`, url: 'https://shop.example/x' },
      ],
    };
    const email = buildEmail('d1', message, links);
    expect(email.html).not.toContain('<img src=x');
    expect(email.html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&amp;&#39;');
    expect(email.text).toContain(`Hi ${hostile}`);
    expect(email.subject).toBe(`Acme: ${hostile}`);
  });

  it('sends every link through the signed click redirect and adds unsubscribe and an open pixel', () => {
    const email = buildEmail(
      'd1',
      {
        title: 't',
        showUrl: 'https://shop.example/shows/s1',
        balloons: [{ type: 'button', label: 'Shop', url: 'https://shop.example/x' }],
      },
      links,
    );
    expect(email.html).toContain('https://shop.example/api/t/c/d1/0?s=');
    expect(email.html).not.toContain('href="https://shop.example/x"');
    expect(email.html).toContain('/api/t/unsubscribe/d1?s=');
    expect(email.html).toContain('/api/t/o/d1?s=');
  });
  it('prices product balloons at their real size in email and LINE (¥5,000, not ¥50)', () => {
    const product = (priceMinor: number, currency: string) =>
      ({
        type: 'product',
        productId: 'p1',
        title: 'Tote',
        priceMinor,
        currency,
        imageUrl: null,
        url: 'https://shop.example/p1',
        label: 'Buy',
        category: 'bags',
      }) as const;
    const message: RenderedMessage = {
      title: 't',
      showUrl: 'https://shop.example/shows/s1',
      balloons: [product(5000, 'jpy'), product(12500, 'kwd')],
    };
    const email = buildEmail('d1', message, links);
    expect(email.text.replace(/\u00a0/g, ' ')).toMatch(/Tote \(¥5,000\)[\s\S]*Tote \(KWD 12\.500\)/);
    const line = toLineMessages(message.balloons, (_index, url) => url);
    expect(line.map((item) => String((item.template as { text: string }).text).replace(/\u00a0/g, ' '))).toEqual([
      '¥5,000',
      'KWD 12.500',
    ]);
  });
});
