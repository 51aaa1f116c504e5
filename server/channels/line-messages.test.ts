import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/load-config';
import { balloonSchema } from '../announcements/announcement-schemas';
import { webpToLineFormat } from '../storage/upload-routes';
import { clipText, toLineMessages } from './line-messages';

const keep = (_index: number, url: string) => url;

describe('LINE text', () => {
  it('cuts on character boundaries: never half an emoji, a flag or a Thai letter without its marks before the "…"', () => {
    const emoji = `${'a'.repeat(4998)}😀😀`; // the first emoji spans units 4998-4999
    const clipped = clipText(emoji, 5000);
    expect(clipped.length).toBeLessThanOrEqual(5000);
    expect(clipped).toBe(`${'a'.repeat(4998)}…`);
    expect(/\p{Surrogate}/u.test(clipped)).toBe(false);
    const flags = clipText('🇯🇵🇹🇭🇫🇷', 5);
    expect(flags).toBe('🇯🇵…'); // a flag is two surrogate pairs (4 units), kept whole; 4 units would leave only the ellipsis
    const thai = clipText('น้ำใจ', 3); // น + ้ + ำ are one character
    expect(thai).toBe('…');
    expect(clipText('สวัสดี', 6)).toBe('สวัสดี');
    expect(clipText('short', 5000)).toBe('short');
    const text = String(toLineMessages([{ type: 'text', text: '🎁'.repeat(3000) }], keep)[0]?.text);
    expect(text.length).toBeLessThanOrEqual(5000);
    expect(text).toMatch(/^(🎁)+…$/u);
  });
});

describe('LINE media', () => {
  it('sends https JPEG and PNG images only, and never an .mp4 as a video’s preview', () => {
    const messages = toLineMessages(
      [
        { type: 'image', url: 'https://shop.example/uploads/b/abcdefghij.jpg', alt: '' },
        { type: 'image', url: 'http://shop.example/uploads/b/abcdefghij.png', alt: '' },
        { type: 'image', url: 'https://shop.example/uploads/b/abcdefghij.webp', alt: '' },
        {
          type: 'video',
          url: 'https://cdn.example/teaser.mp4',
          posterUrl: 'https://shop.example/uploads/b/poster1234.png',
        },
        { type: 'video', url: 'https://cdn.example/teaser.mp4', posterUrl: null },
        {
          type: 'video',
          url: 'http://cdn.example/teaser.mp4',
          posterUrl: 'https://shop.example/uploads/b/poster1234.png',
        },
      ],
      keep,
    );
    expect(messages).toEqual([
      {
        type: 'image',
        originalContentUrl: 'https://shop.example/uploads/b/abcdefghij.jpg',
        previewImageUrl: 'https://shop.example/uploads/b/abcdefghij.jpg',
      },
      {
        type: 'video',
        originalContentUrl: 'https://cdn.example/teaser.mp4',
        previewImageUrl: 'https://shop.example/uploads/b/poster1234.png',
      },
      { type: 'text', text: 'https://cdn.example/teaser.mp4' },
    ]);
    for (const message of messages) {
      if (message.type === 'video') expect(String(message.previewImageUrl)).not.toMatch(/\.mp4$/);
    }
  });

  it('refuses an http video URL at input', () => {
    expect(balloonSchema.safeParse({ type: 'video', url: 'http://cdn.example/a.mp4' }).success).toBe(false);
    expect(balloonSchema.safeParse({ type: 'video', url: 'https://cdn.example/a.mp4' }).success).toBe(true);
  });

  it('converts a WebP upload to JPEG, or to PNG when it has transparency', async () => {
    const opaque = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } })
      .webp()
      .toBuffer();
    const clear = await sharp({
      create: { width: 8, height: 8, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } },
    })
      .webp()
      .toBuffer();
    const jpeg = await webpToLineFormat(opaque);
    expect(jpeg).toMatchObject({ extension: 'jpg', contentType: 'image/jpeg' });
    expect((await sharp(jpeg.bytes).metadata()).format).toBe('jpeg');
    const png = await webpToLineFormat(clear);
    expect(png).toMatchObject({ extension: 'png', contentType: 'image/png' });
    expect((await sharp(png.bytes).metadata()).hasAlpha).toBe(true);
  });
});

describe('LINE in production', () => {
  const production = {
    LIVECART_MODE: 'production',
    DATABASE_URL: 'postgresql://db/livecart',
    REDIS_URL: 'redis://redis:6379',
    SESSION_SECRET: 'x'.repeat(40),
    STRIPE_SECRET_KEY: 'sk_test_x',
    STRIPE_PUBLISHABLE_KEY: 'pk_test_x',
    STRIPE_WEBHOOK_SECRET: 'whsec_x',
    SMTP_URL: 'smtp://mail:25',
    LINE_CHANNEL_ACCESS_TOKEN: 't'.repeat(30),
  };
  it('refuses to enable LINE with an http public base URL', () => {
    expect(() => loadConfig({ ...production, PUBLIC_BASE_URL: 'http://shop.example' }, [])).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, PUBLIC_BASE_URL: 'http://shop.example' }, [])).toThrow(
      /https PUBLIC_BASE_URL/,
    );
    expect(loadConfig({ ...production, PUBLIC_BASE_URL: 'https://shop.example' }, []).announcements.channels).toContain(
      'LINE',
    );
    expect(
      loadConfig({ ...production, PUBLIC_BASE_URL: 'http://shop.example', ANNOUNCEMENT_CHANNELS: 'email' }, [])
        .announcements.channels,
    ).toEqual(['EMAIL']);
  });
});
