import type { HlsSegment } from './hls-playlist';
import type { LlHlsPart } from './ll-hls-run';

// The two playlists a show publishes, built from every segment of every ffmpeg run in order:
// - live: the last `windowSeconds` of segments, with the LL-HLS parts of the last few and of the segment being
//   written, what players reload (blocking) while the show is live;
// - replay: every segment, VOD, ENDLIST, written once when the show ends (no parts).
// A segment's media sequence number is its index in the whole show and its discontinuity sequence number
// the count of run boundaries up to it, so both stay the same in every live window and in the replay.

const MIN_LIVE_SEGMENTS = 3;
/** Parts are listed for the segments of the last this-many target durations (RFC 8216bis 4.4.4.9). */
const PART_TARGET_DURATIONS = 3;

/** The segment being written: its parts so far, and what its EXT-X-PROGRAM-DATE-TIME and EXT-X-MAP will be. */
export interface PendingSegment {
  /** It starts a new ffmpeg run (a discontinuity) after earlier segments. */
  discontinuity: boolean;
  map: string;
  programDateTime: string;
  parts: LlHlsPart[];
}

export interface LiveParts {
  /** EXT-X-PART-INF PART-TARGET, seconds. */
  partTarget: number;
  /** Parts of whole segments, by media sequence number (those too old are not listed). */
  bySegment: ReadonlyMap<number, readonly LlHlsPart[]>;
  pending: PendingSegment | null;
  /** The next part's URI while a run is writing (EXT-X-PRELOAD-HINT). */
  preloadHint: string | null;
  /** The show has ended: the last live playlist gets EXT-X-ENDLIST (see ShowPlaylistWriter.writeReplay). */
  ended?: boolean;
}

/**
 * Adds a run's new segments to the show. The first segment of a run that follows earlier segments gets a
 * discontinuity: timestamps and encoder state restart with every ffmpeg run.
 */
export function appendRunSegments(show: HlsSegment[], added: readonly HlsSegment[], runIsNew: boolean): void {
  added.forEach((segment, index) => {
    const startsRun = runIsNew && index === 0 && show.length > 0;
    show.push({ ...segment, discontinuity: segment.discontinuity || startsRun });
  });
}

/** Index of the first segment of the live window: at least `windowSeconds` of media (and 3 segments). */
export function liveWindowStart(show: readonly HlsSegment[], windowSeconds: number): number {
  let start = show.length;
  let seconds = 0;
  while (start > 0 && (seconds < windowSeconds || show.length - start < MIN_LIVE_SEGMENTS)) {
    start -= 1;
    seconds += show[start]!.duration;
  }
  return start;
}

/**
 * A part that may be listed: within PART-TARGET, give or take half a 30 fps frame of timestamp jitter (ffmpeg cuts a
 * fragment when a frame starts past 90 % of the target, see ffmpeg-args.ts).
 */
export const partFits = (duration: number, partTarget: number): boolean => duration <= partTarget + 0.017;

/** PART-HOLD-BACK: how far behind the live edge players hold; the spec's minimum is 2 part targets, 3 is safer. */
export const partHoldBack = (partTarget: number): number => 3 * partTarget;

export function renderLivePlaylist(show: readonly HlsSegment[], windowSeconds: number, parts: LiveParts): string {
  const start = liveWindowStart(show, windowSeconds);
  // Discontinuity tags that slid out of the window; the first segment keeps its own tag if it has one.
  const discontinuitySequence = show.slice(0, start).filter((segment) => segment.discontinuity).length;
  const target = targetDuration(show);
  const header = [
    '#EXTM3U',
    '#EXT-X-VERSION:9',
    `#EXT-X-TARGETDURATION:${target}`,
    `#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=${partHoldBack(parts.partTarget).toFixed(3)}`,
    `#EXT-X-PART-INF:PART-TARGET=${parts.partTarget.toFixed(3)}`,
    `#EXT-X-MEDIA-SEQUENCE:${start}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${discontinuitySequence}`,
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ];
  const lines = renderSegments(show, start, header, (index) => {
    // Parts only near the live edge: the segments that end within 3 target durations of it.
    let seconds = 0;
    for (let later = index + 1; later < show.length; later += 1) seconds += show[later]!.duration;
    return seconds < PART_TARGET_DURATIONS * target ? (parts.bySegment.get(index) ?? []) : [];
  });
  const pending = parts.pending;
  if (pending && pending.parts.length > 0) {
    const previousMap = show.at(-1)?.map ?? null;
    if (pending.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    if (pending.map !== previousMap) lines.push(`#EXT-X-MAP:URI="${pending.map}"`);
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${pending.programDateTime}`);
    lines.push(...pending.parts.map(partLine));
  }
  if (parts.ended) lines.push('#EXT-X-ENDLIST');
  else if (parts.preloadHint) lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${parts.preloadHint}"`);
  return `${lines.join('\n')}\n`;
}

export function renderReplayPlaylist(show: readonly HlsSegment[]): string {
  const header = [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${targetDuration(show)}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ];
  const lines = renderSegments(show, 0, header, () => []);
  lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

function renderSegments(
  show: readonly HlsSegment[],
  start: number,
  lines: string[],
  partsOf: (index: number) => readonly LlHlsPart[],
): string[] {
  let map: string | null = null;
  for (let index = start; index < show.length; index += 1) {
    const segment = show[index]!;
    if (segment.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    if (segment.map && segment.map !== map) lines.push(`#EXT-X-MAP:URI="${segment.map}"`);
    map = segment.map;
    if (segment.programDateTime) lines.push(`#EXT-X-PROGRAM-DATE-TIME:${segment.programDateTime}`);
    lines.push(...partsOf(index).map(partLine));
    lines.push(`#EXTINF:${segment.duration.toFixed(6)},`, segment.uri);
  }
  return lines;
}

function partLine(part: LlHlsPart): string {
  return `#EXT-X-PART:DURATION=${part.duration.toFixed(6)},URI="${part.uri}"${part.independent ? ',INDEPENDENT=YES' : ''}`;
}

/**
 * Over the whole show, not the window: the target duration must not change while a playlist lives, and
 * hls.js paces reloads and catch-up on it. Never 0 (0.5 s segments round to 1).
 */
export function targetDuration(show: readonly HlsSegment[]): number {
  let target = 1;
  for (const segment of show) target = Math.max(target, Math.round(segment.duration));
  return target;
}
