// A menu image as LINE accepts it: JPEG or PNG, 2500 wide and 1686 or 843 high, at most 1 MB. The upload route
// already refused what is not an image or too many pixels; this reads the stored file's size and header again.
import { buffer } from 'node:stream/consumers';
import { AppError } from '../errors/app-error';
import { type FileStorage, storageKeyPattern } from '../storage/file-storage';
import { readImageHeader } from '../storage/image-limits';
import { maxMenuImageBytes, menuHeights, menuWidth } from './menu-schemas';

export interface MenuImage {
  bytes: Buffer;
  contentType: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
}

const notFoundImage = () =>
  new AppError('VALIDATION_FAILED', 'upload the menu image first', { imageKey: 'no such upload' });

/** The brand's own upload only (keys start with the brand id, as the upload route makes them). */
export async function loadMenuImage(storage: FileStorage, brandId: string, key: string): Promise<MenuImage> {
  if (!storageKeyPattern.test(key) || !key.startsWith(`${brandId.toLowerCase().slice(0, 40)}/`)) throw notFoundImage();
  const opened = await storage.open(key);
  if (!opened) throw notFoundImage();
  if (opened.size > maxMenuImageBytes) {
    opened.stream.destroy();
    throw new AppError('PAYLOAD_TOO_LARGE', 'a menu image can be at most 1 MB', { imageKey: 'larger than 1 MB' });
  }
  return checkMenuImage(await buffer(opened.stream));
}

export async function checkMenuImage(bytes: Buffer): Promise<MenuImage> {
  if (bytes.length > maxMenuImageBytes)
    throw new AppError('PAYLOAD_TOO_LARGE', 'a menu image can be at most 1 MB', { imageKey: 'larger than 1 MB' });
  const header = await readImageHeader(bytes);
  if (!header || (header.format !== 'jpeg' && header.format !== 'png'))
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'a menu image is a JPEG or a PNG', { imageKey: 'not JPEG or PNG' });
  if (header.width !== menuWidth || !(menuHeights as readonly number[]).includes(header.height))
    throw new AppError(
      'VALIDATION_FAILED',
      `a menu image is 2500x1686 or 2500x843 pixels (this one is ${header.width}x${header.height})`,
      { imageKey: 'wrong size' },
    );
  return {
    bytes,
    contentType: header.format === 'png' ? 'image/png' : 'image/jpeg',
    width: header.width,
    height: header.height,
  };
}
