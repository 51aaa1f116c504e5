import type { FileStorage } from '../storage/file-storage';
import { AppError } from '../errors/app-error';
import { decodeBounded, readImageHeader } from '../storage/image-limits';
import type { Balloon } from './announcement-schemas';
import { renderTokens, type TokenValues } from './personalization-tokens';
import { createRenderedImageCache, type RenderedImageCache } from './rendered-image-cache';

type ImageBalloon = Extract<Balloon, { type: 'image' }>;

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[char] ?? char,
  );

async function readAll(storage: FileStorage, key: string): Promise<Buffer> {
  const opened = await storage.open(key);
  if (!opened) throw new AppError('NOT_FOUND', 'image not found');
  const chunks: Buffer[] = [];
  for await (const chunk of opened.stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

// One cache per process: the images it holds are derived from immutable uploads, so it never goes stale.
const sharedCache = createRenderedImageCache();

/**
 * Draws the follower's personalized text onto the step's image (an SVG layer composited by sharp). The text is
 * XML-escaped: a follower named `</text><image href=…>` stays text. Rendered on request rather than at enqueue, so
 * enqueueing 100,000 followers never renders 100,000 images; a rendered image is cached by source and text. The
 * source's header is checked before any pixel is decoded, so an image that would decode too large is refused.
 */
export async function renderPersonalizedImage(
  storage: FileStorage,
  balloon: ImageBalloon,
  values: TokenValues,
  cache: RenderedImageCache = sharedCache,
): Promise<Buffer> {
  const overlay = balloon.overlay;
  const text = overlay ? renderTokens(overlay.text, values).slice(0, 120) : null;
  return cache.get([balloon.imageKey, overlay ?? null, text], async () => {
    const source = await readAll(storage, balloon.imageKey);
    const header = await readImageHeader(source);
    if (!header) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'the stored image cannot be read');
    const image = decodeBounded(source);
    if (!overlay || text === null) return image.jpeg({ quality: 85 }).toBuffer();
    const { width, height } = header;
    const fontSize = Math.min(overlay.fontSize, Math.round(height / 4));
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <text x="${Math.round(overlay.x * width)}" y="${Math.round(overlay.y * height)}" text-anchor="middle" dominant-baseline="middle"
      font-family="DejaVu Sans, Arial, sans-serif" font-weight="700" font-size="${fontSize}" fill="${overlay.color}"
      stroke="rgba(0,0,0,0.45)" stroke-width="${Math.max(1, Math.round(fontSize / 16))}" paint-order="stroke">${escapeXml(text)}</text>
  </svg>`;
    return image
      .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 85 })
      .toBuffer();
  });
}
