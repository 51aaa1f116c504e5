import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { adminOnly, requireStaff } from '../accounts/staff-access';
import { AppError } from '../errors/app-error';
import type { FileStorage } from './file-storage';
import { decodeBounded, readImageHeader } from './image-limits';
import { storageRoutes as routes } from './storage-schemas';
import { route } from '../http/typed-route';
import { parseInput } from '../http/parse-input';

const formats: Record<string, 'png' | 'jpg' | 'webp'> = { png: 'png', jpeg: 'jpg', webp: 'webp' };

export function registerUploadRoutes(app: FastifyInstance, storage: FileStorage): void {
  route(app, routes.upload, async (request, reply) => {
    const { brandId } = parseInput(routes.upload.params, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    if (!request.isMultipart())
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the image as multipart/form-data in the field "file"');
    const file = await request.file();
    if (!file || file.fieldname !== 'file')
      throw new AppError('VALIDATION_FAILED', 'attach an image in the field "file"', { file: 'required' });
    const bytes = await file.toBuffer();
    if (file.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', 'images can be at most 5 MB');
    // The declared type is not trusted: the header must be one of the accepted formats, within the pixel limit.
    const header = await readImageHeader(bytes);
    const extension = header ? formats[header.format] : undefined;
    if (!header || !extension)
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'upload a PNG, JPEG or WebP image', {
        file: 'not a PNG, JPEG or WebP image',
      });
    // WebP is stored as PNG (with transparency) or JPEG: LINE, and some mail clients, show only those two.
    const stored =
      extension === 'webp'
        ? await webpToLineFormat(bytes)
        : { bytes, extension, contentType: `image/${header.format}` };
    const key = `${brandId.toLowerCase().slice(0, 40)}/${randomBytes(12).toString('base64url')}.${stored.extension}`;
    await storage.put(key, stored.bytes, stored.contentType);
    return reply.status(201).send({ key, url: storage.urlFor(key) });
  });

  route(app, routes.file, async (request, reply) => {
    const opened = await storage.open((request.params as { '*': string })['*']);
    if (!opened) throw new AppError('NOT_FOUND', 'file not found');
    reply.header('content-type', opened.contentType);
    reply.header('content-length', opened.size);
    reply.header('cache-control', 'public, max-age=31536000, immutable');
    reply.header('x-content-type-options', 'nosniff');
    return reply.send(opened.stream);
  });
}

/** A WebP upload becomes PNG when it has an alpha channel, else JPEG; decoding is bounded like every other. */
export async function webpToLineFormat(
  bytes: Buffer,
): Promise<{ bytes: Buffer; extension: 'png' | 'jpg'; contentType: string }> {
  const image = decodeBounded(bytes);
  const { hasAlpha } = await image.metadata();
  if (hasAlpha) return { bytes: await image.png().toBuffer(), extension: 'png', contentType: 'image/png' };
  return {
    bytes: await image.flatten({ background: '#ffffff' }).jpeg({ quality: 88, mozjpeg: true }).toBuffer(),
    extension: 'jpg',
    contentType: 'image/jpeg',
  };
}
