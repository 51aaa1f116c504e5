// Rendered personalised images, kept so that a follower (or the thousand followers with the same first name)
// opening the same image again costs a lookup, not a decode. Keyed by the source image key (uploads are never
// overwritten: a new upload gets a new key) and everything drawn on it; bounded in bytes, least recently used
// first out. A render in flight is shared, so a burst of opens renders once.
import { createHash } from 'node:crypto';

export interface RenderedImageCache {
  get(parts: unknown[], render: () => Promise<Buffer>): Promise<Buffer>;
  readonly stats: { hits: number; renders: number; bytes: number };
}

export function createRenderedImageCache({ maxBytes = 64 * 1024 * 1024 } = {}): RenderedImageCache {
  const done = new Map<string, Buffer>();
  const inFlight = new Map<string, Promise<Buffer>>();
  const stats = { hits: 0, renders: 0, bytes: 0 };

  function remember(key: string, image: Buffer): void {
    if (image.length > maxBytes) return;
    done.set(key, image);
    stats.bytes += image.length;
    for (const [oldest, old] of done) {
      if (stats.bytes <= maxBytes) break;
      done.delete(oldest);
      stats.bytes -= old.length;
    }
  }

  return {
    stats,
    async get(parts, render) {
      const key = createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
      const cached = done.get(key);
      if (cached) {
        // Map keeps insertion order: re-inserting marks the entry as the most recently used.
        done.delete(key);
        done.set(key, cached);
        stats.hits += 1;
        return cached;
      }
      const pending = inFlight.get(key);
      if (pending) {
        stats.hits += 1;
        return pending;
      }
      stats.renders += 1;
      const rendering = render().finally(() => inFlight.delete(key));
      inFlight.set(key, rendering);
      const image = await rendering;
      remember(key, image);
      return image;
    },
  };
}
