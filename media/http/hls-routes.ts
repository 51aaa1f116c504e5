import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

export const HLS_URL_PREFIX = '/hls';

// Only names the packager writes can be served: no dots, slashes or encoded tricks get through,
// so path traversal is impossible by construction (and checked again after resolving).
const paramsSchema = z.object({
  showId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  '*': z.string().regex(/^[A-Za-z0-9_-]{1,64}\.(m3u8|ts|m4s|mp4)$/),
});

const contentTypes: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
};

export function registerHlsRoutes(app: FastifyInstance, hlsDir: string): void {
  const root = path.resolve(hlsDir);
  app.options(`${HLS_URL_PREFIX}/:showId/*`, async (_request, reply) => {
    return reply
      .code(204)
      .header('Access-Control-Allow-Origin', '*')
      .header('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS')
      .header('Access-Control-Allow-Headers', 'Range')
      .header('Access-Control-Max-Age', '86400')
      .send();
  });

  app.get(`${HLS_URL_PREFIX}/:showId/*`, async (request, reply) => {
    reply.header('Access-Control-Allow-Origin', '*');
    const params = paramsSchema.safeParse(request.params);
    if (!params.success) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'not found' } });
    const file = path.resolve(root, params.data.showId, params.data['*']);
    if (!file.startsWith(root + path.sep))
      return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'not found' } });
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'not found' } });
    const extension = path.extname(file);
    const isPlaylist = extension === '.m3u8';
    return (
      reply
        .header('Content-Type', contentTypes[extension]!)
        .header('Content-Length', info.size)
        // Playlists change every segment; segment names are never reused (run prefix), so they never change.
        .header('Cache-Control', isPlaylist ? 'public, max-age=1' : 'public, max-age=31536000, immutable')
        .send(createReadStream(file))
    );
  });
}
