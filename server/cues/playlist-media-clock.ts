// How far a show's program date times run ahead of arrival (media-clock.ts), measured from its published live
// playlist: ffmpeg closes a segment when the next keyframe arrives and writes its last bytes then, so a segment
// file's modification time is the wall clock at which the frame at (its PDT + its duration) arrived. The median
// over the newest segments is the offset; it is cached for a couple of seconds per show.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parsePlaylist } from '../../media/packager/hls-playlist';
import type { MediaClock } from './media-clock';

const freshMs = 2000;
const sampled = 5;

export function createPlaylistMediaClock(hlsDir: string): MediaClock {
  const cache = new Map<string, { at: number; offset: Promise<number> }>();
  const measure = async (showId: string): Promise<number> => {
    const dir = path.join(hlsDir, showId);
    const playlist = parsePlaylist(await readFile(path.join(dir, 'index.m3u8'), 'utf8'));
    if (playlist.ended) return 0;
    const last = playlist.segments.slice(-sampled);
    // Only segments of the current run (after its last discontinuity) share its offset.
    const runStart = last.findLastIndex((segment) => segment.discontinuity);
    const samples = await Promise.all(
      last.slice(Math.max(0, runStart)).map(async (segment) => {
        if (!segment.programDateTime) return null;
        const end = Date.parse(segment.programDateTime) + segment.duration * 1000;
        const written = (await stat(path.join(dir, segment.uri.split('?')[0] as string))).mtimeMs;
        return Number.isFinite(end) ? end - written : null;
      }),
    );
    const values = samples.filter((value): value is number => value !== null).sort((a, b) => a - b);
    if (values.length === 0) return 0;
    const median = values[Math.floor(values.length / 2)] as number;
    // A wild value (a clock jump, a segment copied in) is not trusted.
    return Math.abs(median) <= 10_000 ? Math.round(median) : 0;
  };
  return {
    offsetMs(showId) {
      const cached = cache.get(showId);
      if (cached && Date.now() - cached.at < freshMs) return cached.offset;
      if (cache.size > 1000) cache.clear();
      const offset = measure(showId).catch(() => 0);
      cache.set(showId, { at: Date.now(), offset });
      return offset;
    },
  };
}
