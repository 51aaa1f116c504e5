import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error';
import { checkMenuImage } from './menu-image';

const image = (width: number, height: number, format: 'png' | 'jpeg' | 'webp' = 'png') =>
  sharp({ create: { width, height, channels: 3, background: '#553311' } })
    .toFormat(format)
    .toBuffer();

const refusal = async (bytes: Buffer) =>
  checkMenuImage(bytes).then(
    () => null,
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );

describe('menu image checks', () => {
  it('accepts JPEG and PNG at 2500x1686 and 2500x843', async () => {
    expect((await checkMenuImage(await image(2500, 1686))).contentType).toBe('image/png');
    expect((await checkMenuImage(await image(2500, 843, 'jpeg'))).height).toBe(843);
  });

  it('refuses other sizes, other formats, more than 1 MB and what is not an image', async () => {
    expect(await refusal(await image(2500, 1000))).toBe('VALIDATION_FAILED');
    expect(await refusal(await image(1200, 810))).toBe('VALIDATION_FAILED');
    expect(await refusal(await image(2500, 1686, 'webp'))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await refusal(Buffer.from('not an image at all'))).toBe('UNSUPPORTED_MEDIA_TYPE');
    // Random pixels do not compress: a 2500x1686 PNG of noise is several MB.
    const noise = await sharp(Buffer.from(Array.from({ length: 2500 * 1686 * 3 }, () => Math.random() * 256)), {
      raw: { width: 2500, height: 1686, channels: 3 },
    })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(noise.length).toBeGreaterThan(1_000_000);
    expect(await refusal(noise)).toBe('PAYLOAD_TOO_LARGE');
  });
});
