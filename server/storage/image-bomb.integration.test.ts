// Issue 11, defect 5: a 275 KB PNG of 16000x16000 was accepted, and rendering a personalised announcement image
// from it took seconds and gigabytes, on every request. Uploads and renders now read the header first and refuse
// an image that would decode too large; a rendered image is cached by source and text.
import { mkdtemp, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoAccounts,
  startTestApplication,
  type TestApplication,
  type TestClient,
} from '../../infra/test-support/test-application';
import { renderPersonalizedImage } from '../announcements/personalized-image';
import type { TokenValues } from '../announcements/personalization-tokens';
import { createRenderedImageCache } from '../announcements/rendered-image-cache';
import { AppError } from '../errors/app-error';
import { createDiskFileStorage } from './disk-file-storage';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Buffer) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Buffer) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

/** A real, complete PNG of zeros: 1-bit grey, so 16000x16000 is 32 MB of scanlines deflated to a few tens of KB. */
function bombPng(width: number, height: number, { truncated = false } = {}): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, no filter method, no interlace
  const scanlines = Buffer.alloc(truncated ? 10 : height * (1 + Math.ceil(width / 8)));
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(scanlines, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

let t: TestApplication;
let admin: TestClient;
let dir: string;
beforeAll(async () => {
  t = await startTestApplication();
  admin = await t.signedIn(demoAccounts.admin);
  dir = await mkdtemp(path.join(os.tmpdir(), 'livecart-bomb-'));
});
afterAll(async () => {
  await t?.close();
  await rm(dir, { recursive: true, force: true });
});

const upload = (bytes: Buffer) => {
  const boundary = '----livecart';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return admin.request('POST', `/api/brands/${t.demo.brandId}/uploads`, body, {
    'content-type': `multipart/form-data; boundary=${boundary}`,
  });
};

describe('image decompression bombs', () => {
  it('refuses the 16000x16000 PNG at upload with 413 IMAGE_TOO_LARGE', async () => {
    const bomb = bombPng(16000, 16000);
    expect(bomb.length).toBeLessThan(300 * 1024);
    const response = await upload(bomb);
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('IMAGE_TOO_LARGE');
    expect(response.json().error.message).toMatch(/16000x16000/);
  });

  it('refuses every shape over the limit (too many pixels, one side too long) and accepts one just under', async () => {
    for (const [width, height] of [
      [5000, 5000],
      [10_001, 8],
      [8, 60_000],
    ] as const) {
      const response = await upload(bombPng(width, height));
      expect(response.statusCode, `${width}x${height}`).toBe(413);
      expect(response.json().error.code, `${width}x${height}`).toBe('IMAGE_TOO_LARGE');
    }
    expect((await upload(bombPng(4000, 3000))).statusCode).toBe(201);
  });

  it('refuses to render a stored oversized image, from its header alone, before decoding a pixel', async () => {
    const storage = createDiskFileStorage(dir);
    await storage.put('brand/bombbombbomb.png', bombPng(16000, 16000), 'image/png');
    // The pixel data of this one is cut short: decoding it would fail differently; the header check answers first.
    await storage.put('brand/headeronly01.png', bombPng(16000, 16000, { truncated: true }), 'image/png');
    for (const imageKey of ['brand/bombbombbomb.png', 'brand/headeronly01.png']) {
      const render = renderPersonalizedImage(
        storage,
        {
          type: 'image',
          imageKey,
          alt: '',
          overlay: { text: 'Hi {{name}}', x: 0.5, y: 0.5, fontSize: 48, color: '#ffffff' },
        },
        { name: 'Ada' },
        createRenderedImageCache(),
      );
      await expect(render).rejects.toSatisfy((error) => error instanceof AppError && error.code === 'IMAGE_TOO_LARGE');
    }
  });

  it('serves a second render of the same personalisation from the cache', async () => {
    const storage = createDiskFileStorage(dir);
    await storage.put(
      'brand/normalimage1.png',
      await sharp({ create: { width: 400, height: 300, channels: 3, background: '#336699' } })
        .png()
        .toBuffer(),
      'image/png',
    );
    const cache = createRenderedImageCache();
    const balloon = {
      type: 'image' as const,
      imageKey: 'brand/normalimage1.png',
      alt: '',
      overlay: { text: 'Hi {{name}}', x: 0.5, y: 0.5, fontSize: 48, color: '#ffffff' },
    };
    const values = (name: string): TokenValues => ({ name });
    const first = await renderPersonalizedImage(storage, balloon, values('Ada'), cache);
    const other = await renderPersonalizedImage(storage, balloon, values('Grace'), cache);
    expect((await sharp(first).metadata()).width).toBe(400);
    expect(other.equals(first)).toBe(false);
    expect(cache.stats).toMatchObject({ renders: 2, hits: 0 });
    // The source is gone: only a cached copy can answer now.
    await unlink(path.join(dir, 'brand/normalimage1.png'));
    const again = await Promise.all([
      renderPersonalizedImage(storage, balloon, values('Ada'), cache),
      renderPersonalizedImage(storage, balloon, values('Ada'), cache),
    ]);
    expect(again.every((image) => image.equals(first))).toBe(true);
    expect(cache.stats).toMatchObject({ renders: 2, hits: 2 });
  });

  it('keeps the cache within its byte bound, dropping the least recently used', async () => {
    const cache = createRenderedImageCache({ maxBytes: 1000 });
    const image = (byte: number) => async () => Buffer.alloc(400, byte);
    await cache.get(['a'], image(1));
    await cache.get(['b'], image(2));
    await cache.get(['a'], image(9)); // a is now the most recently used
    await cache.get(['c'], image(3)); // over 1000 bytes: b goes
    expect(cache.stats.bytes).toBeLessThanOrEqual(1000);
    expect((await cache.get(['a'], image(9)))[0]).toBe(1);
    expect((await cache.get(['b'], image(7)))[0]).toBe(7);
  });
});
