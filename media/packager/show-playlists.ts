import type { HlsSegment } from './hls-playlist';

// The two playlists a show publishes, built from every segment of every ffmpeg run in order:
// - live: the last `windowSeconds` of segments, what players reload every segment while the show is live;
// - replay: every segment, VOD, ENDLIST, written once when the show ends.
// A segment's media sequence number is its index in the whole show and its discontinuity sequence number
// the count of run boundaries up to it, so both stay the same in every live window and in the replay.

const MIN_LIVE_SEGMENTS = 3;

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

export function renderLivePlaylist(show: readonly HlsSegment[], windowSeconds: number): string {
  const start = liveWindowStart(show, windowSeconds);
  // Discontinuity tags that slid out of the window; the first segment keeps its own tag if it has one.
  const discontinuitySequence = show.slice(0, start).filter((segment) => segment.discontinuity).length;
  return render(
    show,
    start,
    [`#EXT-X-MEDIA-SEQUENCE:${start}`, `#EXT-X-DISCONTINUITY-SEQUENCE:${discontinuitySequence}`],
    false,
  );
}

export function renderReplayPlaylist(show: readonly HlsSegment[]): string {
  return render(show, 0, ['#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:VOD'], true);
}

function render(show: readonly HlsSegment[], start: number, sequenceTags: string[], ended: boolean): string {
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:6',
    `#EXT-X-TARGETDURATION:${targetDuration(show)}`,
    ...sequenceTags,
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ];
  for (let index = start; index < show.length; index += 1) {
    const segment = show[index]!;
    if (segment.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    if (segment.programDateTime) lines.push(`#EXT-X-PROGRAM-DATE-TIME:${segment.programDateTime}`);
    lines.push(`#EXTINF:${segment.duration.toFixed(6)},`, segment.uri);
  }
  if (ended) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

/**
 * Over the whole show, not the window: the target duration must not change while a playlist lives, and
 * hls.js paces reloads and catch-up on it. Never 0 (0.5 s segments round to 1).
 */
function targetDuration(show: readonly HlsSegment[]): number {
  let target = 1;
  for (const segment of show) target = Math.max(target, Math.round(segment.duration));
  return target;
}
