// Chat images: the bytes are checked to be a PNG, JPEG or WebP within the pixel limit (the declared type is not
// trusted), decoded with a bound, resized to at most 1600 px and re-encoded (which also drops EXIF and GPS data),
// then stored through the storage port. JPEG for photos, PNG when the picture has transparency: both are what LINE
// accepts, so the same key can go out to a LINE user.
import { randomBytes } from 'node:crypto';
import { AppError } from '../errors/app-error';
import type { FileStorage } from '../storage/file-storage';
import { decodeBounded, readImageHeader } from '../storage/image-limits';

export const maxChatImageBytes = 5 * 1024 * 1024;
const maxSide = 1600;
const accepted = new Set(['png', 'jpeg', 'webp']);

export async function storeChatImage(storage: FileStorage, brandId: string, bytes: Buffer): Promise<string> {
  if (bytes.length > maxChatImageBytes) throw new AppError('PAYLOAD_TOO_LARGE', 'images can be at most 5 MB');
  const header = await readImageHeader(bytes);
  if (!header || !accepted.has(header.format))
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send a PNG, JPEG or WebP image', {
      file: 'not a PNG, JPEG or WebP image',
    });
  let output: { data: Buffer; extension: 'png' | 'jpg' };
  try {
    const image = decodeBounded(bytes)
      .rotate()
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true });
    const { hasAlpha } = await decodeBounded(bytes).metadata();
    output = hasAlpha
      ? { data: await image.png().toBuffer(), extension: 'png' }
      : { data: await image.jpeg({ quality: 85, mozjpeg: true }).toBuffer(), extension: 'jpg' };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'the image could not be read', { file: 'damaged image' });
  }
  const key = `${
    brandId
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '')
      .slice(0, 40) || 'chat'
  }/${randomBytes(12).toString('base64url')}.${output.extension}`;
  await storage.put(key, output.data, output.extension === 'png' ? 'image/png' : 'image/jpeg');
  return key;
}
