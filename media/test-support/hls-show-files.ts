import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parsePlaylist, type ParsedPlaylist } from '../packager/hls-playlist';
import { partFits } from '../packager/show-playlists';

export interface ShowRuns {
  /** Every segment the runs listed, run after run: index = the segment's media sequence number. */
  uris: string[];
  durations: number[];
  /** Index in `uris` of each run's first segment (runs without segments left out). */
  runStarts: number[];
}

/** Each run's own list of whole segments (`<showDir>/runs/r<run>.m3u8`, LlHlsRun appends to it), in run order. */
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
      errors.push(`${segment.uri} has sequence ${sn}, its run listed ${runs.uris[sn]} there`);
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
  for (const part of playlist.parts) {
    if (partTarget && !partFits(part.duration, partTarget)) errors.push(`${part.uri} lasts ${part.duration} s`);
  }
  const uris = [...playlist.segments.map((s) => s.uri), ...playlist.parts.map((p) => p.uri)];
  if (new Set(uris).size !== uris.length) errors.push('a URI is listed twice');
  return errors;
}

/**
 * Nothing of a run lost or doubled between its parts and its segments: its part files, in order, hold exactly the
 * bytes of its segment files, in order (each part written once, each segment its parts). Call when the run has ended
 * (while it writes, its last parts are not in a segment yet) and before its part files are removed.
 */
export async function runMediaErrors(showDir: string, run: number): Promise<string[]> {
  const names = await readdir(showDir);
  const numbered = (pattern: RegExp) =>
    names
      .map((name) => ({ name, match: pattern.exec(name) }))
      .filter((entry) => entry.match)
      .sort((a, b) => Number(a.match![1]) - Number(b.match![1]))
      .map((entry) => entry.name);
  const parts = numbered(new RegExp(`^r${run}-p(\\d+)\\.m4s$`));
  const segments = numbered(new RegExp(`^r${run}-(\\d+)\\.m4s$`));
  const errors: string[] = [];
  if (parts.length === 0) errors.push(`run ${run} has no part files`);
  if (segments.length === 0) errors.push(`run ${run} has no segment files`);
  const joined = async (files: string[]) =>
    Buffer.concat(await Promise.all(files.map((name) => readFile(path.join(showDir, name)))));
  const [fromParts, fromSegments] = await Promise.all([joined(parts), joined(segments)]);
  if (!fromParts.equals(fromSegments))
    errors.push(
      `run ${run}: ${parts.length} parts (${fromParts.length} B) differ from ${segments.length} segments (${fromSegments.length} B)`,
    );
  return errors;
}
