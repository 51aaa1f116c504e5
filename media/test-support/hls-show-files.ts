import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parsePlaylist, type ParsedPlaylist } from '../packager/hls-playlist';

export interface ShowRuns {
  /** Every segment ffmpeg listed, run after run: index = the segment's media sequence number. */
  uris: string[];
  durations: number[];
  /** Index in `uris` of each run's first segment (runs without segments left out). */
  runStarts: number[];
}

/** ffmpeg's own per-run playlists of a show (`<showDir>/runs/r<run>.m3u8`), joined in run order. */
export async function readShowRuns(showDir: string): Promise<ShowRuns> {
  const runsDir = path.join(showDir, 'runs');
  const runs = (await readdir(runsDir))
    .map((name) => /^r(\d+)\.m3u8$/.exec(name)?.[1])
    .filter((run) => run !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  const show: ShowRuns = { uris: [], durations: [], runStarts: [] };
  for (const run of runs) {
    const { segments } = parsePlaylist(await readFile(path.join(runsDir, `r${run}.m3u8`), 'utf8'));
    if (segments.length > 0) show.runStarts.push(show.uris.length);
    for (const segment of segments) {
      show.uris.push(segment.uri);
      show.durations.push(segment.duration);
    }
  }
  return show;
}

/**
 * Where a published playlist disagrees with ffmpeg's runs: each segment's media sequence number must be its
 * place in the whole show, and its discontinuity sequence number the count of run boundaries up to it.
 */
export function numberingErrors(playlist: ParsedPlaylist, runs: ShowRuns): string[] {
  const errors: string[] = [];
  let cc = playlist.discontinuitySequence;
  playlist.segments.forEach((segment, index) => {
    const sn = playlist.mediaSequence + index;
    if (segment.discontinuity) cc += 1;
    const expectedCc = runs.runStarts.filter((start) => start <= sn).length - 1;
    if (runs.uris[sn] !== segment.uri)
      errors.push(`${segment.uri} has sequence ${sn}, ffmpeg listed ${runs.uris[sn]} there`);
    if (cc !== expectedCc) errors.push(`${segment.uri} has discontinuity sequence ${cc}, expected ${expectedCc}`);
  });
  return errors;
}

/**
 * What a live LL-HLS playlist from ShowPlaylistWriter must hold (RFC 8216bis 4.4.3.7-4.4.5.3, and our choices:
 * PART-HOLD-BACK at least 3 part targets, a program date time on every segment). Empty when valid.
 */
export function llHlsErrors(playlist: ParsedPlaylist): string[] {
  const errors: string[] = [];
  const partTarget = playlist.partTarget;
  if ((playlist.version ?? 0) < 9) errors.push(`EXT-X-VERSION ${playlist.version}, LL-HLS needs 9`);
  if (!partTarget) errors.push('no EXT-X-PART-INF PART-TARGET');
  if (playlist.serverControl['CAN-BLOCK-RELOAD'] !== 'YES') errors.push('no CAN-BLOCK-RELOAD=YES');
  const holdBack = Number(playlist.serverControl['PART-HOLD-BACK']);
  if (!partTarget || !(holdBack >= 3 * partTarget - 1e-6)) errors.push(`PART-HOLD-BACK ${holdBack} < 3 x PART-TARGET`);
  if (playlist.parts.length === 0) errors.push('no EXT-X-PART');
  if (!playlist.preloadHint) errors.push('no EXT-X-PRELOAD-HINT');
  playlist.segments.forEach((segment, index) => {
    const msn = playlist.mediaSequence + index;
    if (!segment.programDateTime) errors.push(`${segment.uri} has no EXT-X-PROGRAM-DATE-TIME`);
    if (!segment.map) errors.push(`${segment.uri} has no EXT-X-MAP`);
    const parts = playlist.parts.filter((part) => part.msn === msn);
    if (parts.length === 0) return;
    if (!parts[0]!.independent) errors.push(`${segment.uri} starts with a part that is not INDEPENDENT`);
    const sum = parts.reduce((total, part) => total + part.duration, 0);
    if (Math.abs(sum - segment.duration) > 0.002)
      errors.push(`${segment.uri}: parts ${sum} s, EXTINF ${segment.duration}`);
  });
  // A frame late can stretch a part a little past the target (ffmpeg-args.ts): a frame at 15 fps is the bound.
  for (const part of playlist.parts) {
    if (partTarget && part.duration > partTarget + 1 / 15) errors.push(`${part.uri} lasts ${part.duration} s`);
  }
  const uris = [...playlist.segments.map((s) => s.uri), ...playlist.parts.map((p) => p.uri)];
  if (new Set(uris).size !== uris.length) errors.push('a URI is listed twice');
  return errors;
}
