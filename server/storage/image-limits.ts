import sharp from 'sharp';
import { AppError } from '../errors/app-error';

// A PNG of zeros compresses about 1000:1, so a file under 5 MB can claim billions of pixels (a 275 KB PNG of
// 16000x16000 took 2.4 GB to decode). The header says how many pixels there are; it is read before any decode.
// 24 megapixels is above any phone photo (4032x3024 is 12 MP) and decodes to at most ~100 MB.
export const maxImagePixels = 24_000_000;
export const maxImageSide = 10_000;

export interface ImageHeader {
  format: string;
  width: number;
  height: number;
}

/** Reads the image's header only (no pixel is decoded) and refuses one that would decode too large. */
export async function readImageHeader(bytes: Buffer): Promise<ImageHeader | null> {
  const metadata = await sharp(bytes, { limitInputPixels: false })
    .metadata()
    .catch(() => null);
  if (!metadata?.format || !metadata.width || !metadata.height) return null;
  const frames = metadata.pages ?? 1;
  if (
    metadata.width > maxImageSide ||
    metadata.height > maxImageSide ||
    metadata.width * metadata.height * frames > maxImagePixels
  ) {
    throw new AppError(
      'IMAGE_TOO_LARGE',
      `images can be at most ${maxImagePixels / 1_000_000} megapixels and ${maxImageSide} pixels on a side (this one is ${metadata.width}x${metadata.height})`,
    );
  }
  return { format: metadata.format, width: metadata.width, height: metadata.height };
}

/** A sharp pipeline that refuses to decode more than the limit, whatever the header claimed. */
export const decodeBounded = (bytes: Buffer) => sharp(bytes, { failOn: 'error', limitInputPixels: maxImagePixels });
