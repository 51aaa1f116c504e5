// Issue 13, item 5: a conversation's staff and bot replies keep to LINE's documented rules on the way out, as
// announcements do (server/channels/line-messages.ts): https JPEG/PNG media only, text cut on character boundaries.
import { describe, expect, it } from 'vitest';
import { outboundToLineMessages } from './line-reply-port';

describe('conversation replies as LINE messages', () => {
  it('cuts long text between characters, never inside an emoji, within 5,000 UTF-16 units', () => {
    const [message] = outboundToLineMessages([{ kind: 'text', text: `a${'😀'.repeat(3000)}` }]);
    const text = (message as unknown as { text: string }).text;
    expect(text.length).toBeLessThanOrEqual(5000);
    expect(text.endsWith('…')).toBe(true);
    // No lone surrogate before the ellipsis: the string round-trips through UTF-8 unchanged.
    expect(Buffer.from(text, 'utf8').toString('utf8')).toBe(text);
    expect(text.at(-2)).not.toMatch(/[\uD800-\uDBFF]/);
  });

  it('sends only https JPEG or PNG images, and product thumbnails under the same rule', () => {
    const messages = outboundToLineMessages([
      { kind: 'image', url: 'https://shop.example/api/files/chat/a.jpg' },
      { kind: 'image', url: 'http://shop.example/api/files/chat/b.jpg' },
      { kind: 'image', url: 'https://shop.example/api/files/chat/c.webp' },
      {
        kind: 'product',
        productId: 'p1',
        title: 'Silk scarf',
        priceMinor: 12000,
        currency: 'EUR',
        imageUrl: 'http://shop.example/uploads/p1.png',
        url: 'https://shop.example/me/chats/c1',
        available: true,
      },
    ]);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toEqual({
      type: 'image',
      originalContentUrl: 'https://shop.example/api/files/chat/a.jpg',
      previewImageUrl: 'https://shop.example/api/files/chat/a.jpg',
    });
    expect(messages[1]).toMatchObject({ type: 'template', template: { type: 'buttons', title: 'Silk scarf' } });
    expect(JSON.stringify(messages[1])).not.toContain('thumbnailImageUrl');
  });
});
