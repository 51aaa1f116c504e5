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
