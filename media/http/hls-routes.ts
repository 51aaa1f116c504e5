import { type FileHandle, open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { LivePlaylistHub } from '../packager/live-playlist-hub';

export const HLS_URL_PREFIX = '/hls';

// Only names the packager writes can be served: no dots, slashes or encoded tricks get through,
// so path traversal is impossible by construction (and checked again after resolving).
const paramsSchema = z.object({
  showId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  '*': z.string().regex(/^[A-Za-z0-9_-]{1,64}\.(m3u8|ts|m4s|mp4)$/),
});

/** LL-HLS delivery directives (RFC 8216bis 6.2.5): block until segment `_HLS_msn` (part `_HLS_part`) exists. */
const blockingQuerySchema = z
  .object({
    _HLS_msn: z.coerce.number().int().min(0).optional(),
    _HLS_part: z.coerce.number().int().min(0).optional(),
  })
  .refine((query) => query._HLS_part === undefined || query._HLS_msn !== undefined, {
    message: '_HLS_part needs _HLS_msn',
  });

/** A part file a running ffmpeg run will write (what EXT-X-PRELOAD-HINT names). */
const PART_NAME = /^r\d+-p\d+\.m4s$/;

const contentTypes: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
};

const PLAYLIST_CACHE = 'public, max-age=1';
const IMMUTABLE = 'public, max-age=31536000, immutable';

const notFound = (reply: FastifyReply) => reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'not found' } });

/**
 * Playlists, init segments, parts and segments of every show. While a show is live here its playlist comes from
 * memory (LivePlaylistHub): a request with `_HLS_msn` is held until the playlist has that segment or part (at most
 * three target durations, then 503, as the spec says), and a request for the part the preload hint names is held
 * until ffmpeg has written it. Once the show ends, requests with `_HLS_msn` (players that were following it) get its
 * last live playlist with EXT-X-ENDLIST for a minute. Everything else is the file on disk (the replay, other nodes'
 * shows).
 */
export function registerHlsRoutes(app: FastifyInstance, hlsDir: string, live: LivePlaylistHub): void {
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
    if (!params.success) return notFound(reply);
    const { showId, '*': name } = params.data;
    const file = path.resolve(root, showId, name);
    if (!file.startsWith(root + path.sep)) return notFound(reply);
    const extension = path.extname(file);

    if (extension === '.m3u8') {
      const query = blockingQuerySchema.safeParse(request.query);
      if (!query.success)
        return reply.code(400).send({ error: { code: 'VALIDATION_FAILED', message: query.error.issues[0]!.message } });
      const { _HLS_msn: msn, _HLS_part: part } = query.data;
      const current = live.current(showId);
      if (current && name === 'index.m3u8' && (msn !== undefined || !current.ended)) {
        if (msn === undefined) return sendPlaylist(reply, current.text);
        const result = await live.waitFor(showId, msn, part, 3 * current.targetDuration * 1000);
        if (result.kind === 'ready') return sendPlaylist(reply, result.snapshot.text);
        if (result.kind === 'too-far')
          return reply
            .code(400)
            .send({ error: { code: 'VALIDATION_FAILED', message: '_HLS_msn is more than two segments ahead' } });
        if (result.kind === 'timeout')
          return reply
            .code(503)
            .header('Cache-Control', 'no-store')
            .header('Retry-After', '1')
            .send({ error: { code: 'MEDIA_UNAVAILABLE', message: 'the playlist did not reach that part in time' } });
        // not live any more: the replay (or the last playlist) on disk
      }
    }

    // Opened once, then measured and read through the same handle: a playlist is replaced (renamed over) every
    // part, and a length taken from the path before opening it again could be the previous file's. Longer than the
    // body sent, it left the player waiting for bytes that never came (its request timed out, a 5 s stall).
    let handle = await openFile(file);
    if (!handle && PART_NAME.test(name) && (await waitForPart(live, showId, file))) handle = await openFile(file);
    const info = await handle?.stat().catch(() => null);
    if (!handle || !info?.isFile()) {
      await handle?.close();
      return notFound(reply);
    }
    const isPlaylist = extension === '.m3u8';
    return (
      reply
        .header('Content-Type', contentTypes[extension]!)
        .header('Content-Length', info.size)
        // Playlists change every part; media names are never reused (run prefix), so they never change.
        .header('Cache-Control', isPlaylist ? PLAYLIST_CACHE : IMMUTABLE)
        .send(handle.createReadStream())
    );
  });
}

function openFile(file: string): Promise<FileHandle | null> {
  return open(file, 'r').catch(() => null);
}

function sendPlaylist(reply: FastifyReply, text: string): FastifyReply {
  return reply.header('Content-Type', contentTypes['.m3u8']!).header('Cache-Control', PLAYLIST_CACHE).send(text);
}

/** A preload-hint request: wait while the show is live for the part to be written, at most 3 target durations. */
async function waitForPart(live: LivePlaylistHub, showId: string, file: string) {
  const current = live.current(showId);
  if (!current) return null;
  const deadline = Date.now() + 3 * current.targetDuration * 1000;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0 || !(await live.nextChange(showId, remaining))) return null;
    const info = await stat(file).catch(() => null);
    if (info) return info;
  }
}
