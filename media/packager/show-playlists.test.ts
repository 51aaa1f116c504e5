import { describe, expect, it } from 'vitest';
import { parsePlaylist, type HlsSegment } from './hls-playlist';
import { appendRunSegments, liveWindowStart, renderLivePlaylist, renderReplayPlaylist } from './show-playlists';

// What ffmpeg 5.1 writes for one run (-hls_list_size 0, EVENT, program_date_time): EXTINF before the date.
const ffmpegRun = `#EXTM3U
#EXT-X-VERSION:6
#EXT-X-TARGETDURATION:0
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-PLAYLIST-TYPE:EVENT
#EXT-X-INDEPENDENT-SEGMENTS
#EXTINF:0.500000,
#EXT-X-PROGRAM-DATE-TIME:2026-11-22T22:13:36.267+0000
r1-00000.ts
#EXTINF:0.533333,
#EXT-X-PROGRAM-DATE-TIME:2026-11-22T22:13:36.767+0000
r1-00001.ts
`;

function run(runNumber: number, count: number, duration = 0.5): HlsSegment[] {
  return Array.from({ length: count }, (_, i) => ({
    uri: `r${runNumber}-${String(i).padStart(5, '0')}.ts`,
    duration,
    programDateTime: new Date(Date.UTC(2026, 0, 1, runNumber, 0, i)).toISOString(),
    discontinuity: false,
  }));
}

/** Absolute media and discontinuity sequence numbers of each segment a player would compute (RFC 8216 6.2.1-2). */
function numbered(text: string): Map<string, { sn: number; cc: number; pdt: string | null }> {
  const parsed = parsePlaylist(text);
  const numbers = new Map<string, { sn: number; cc: number; pdt: string | null }>();
  let cc = parsed.discontinuitySequence;
  parsed.segments.forEach((segment, index) => {
    if (segment.discontinuity) cc += 1;
    numbers.set(segment.uri, { sn: parsed.mediaSequence + index, cc, pdt: segment.programDateTime });
  });
  return numbers;
}

function showOf(...runs: HlsSegment[][]): HlsSegment[] {
  const show: HlsSegment[] = [];
  for (const segments of runs) appendRunSegments(show, segments, true);
  return show;
}

describe('parsePlaylist', () => {
  it("reads ffmpeg's run playlist: durations, program date time, sequence and type", () => {
    const parsed = parsePlaylist(ffmpegRun);
    expect(parsed.segments).toEqual([
      { uri: 'r1-00000.ts', duration: 0.5, programDateTime: '2026-11-22T22:13:36.267+0000', discontinuity: false },
      { uri: 'r1-00001.ts', duration: 0.533333, programDateTime: '2026-11-22T22:13:36.767+0000', discontinuity: false },
    ]);
    expect(parsed).toMatchObject({ mediaSequence: 0, playlistType: 'EVENT', ended: false });
  });

  it('ignores a last line cut off by a writer that was not done', () => {
    expect(parsePlaylist(ffmpegRun.slice(0, -4)).segments.map((s) => s.uri)).toEqual(['r1-00000.ts']);
  });
});

describe('appendRunSegments', () => {
  it('puts a discontinuity where a run follows earlier segments, and only there', () => {
    const show: HlsSegment[] = [];
    appendRunSegments(show, run(1, 2), true);
    appendRunSegments(show, run(1, 3).slice(2), false); // the same run grew
    appendRunSegments(show, run(3, 2), true);
    expect(show.map((s) => [s.uri, s.discontinuity])).toEqual([
      ['r1-00000.ts', false],
      ['r1-00001.ts', false],
      ['r1-00002.ts', false],
      ['r3-00000.ts', true],
      ['r3-00001.ts', false],
    ]);
  });
});

describe('live playlist', () => {
  it('holds only the last window of a long show, with the whole-show media sequence', () => {
    const show = showOf(run(1, 7200)); // one hour of 0.5 s segments
    const text = renderLivePlaylist(show, 15);
    const parsed = parsePlaylist(text);
    expect(parsed.segments).toHaveLength(30);
    expect(parsed.mediaSequence).toBe(7170);
    expect(parsed.segments[0]!.uri).toBe('r1-07170.ts');
    expect(parsed.segments.at(-1)!.uri).toBe('r1-07199.ts');
    expect(parsed.playlistType).toBeNull(); // segments leave it: neither EVENT nor VOD
    expect(parsed.ended).toBe(false);
    expect(text.length).toBeLessThan(4000);
    expect(text).toContain('#EXT-X-INDEPENDENT-SEGMENTS');
    expect(text).toContain(`#EXT-X-PROGRAM-DATE-TIME:${show[7199]!.programDateTime}`);
  });

  it('numbers every segment in every window as the replay does, across runs', () => {
    const show = showOf(run(1, 20), run(2, 3), run(4, 1), run(5, 25));
    const replay = numbered(renderReplayPlaylist(show));
    for (let length = 1; length <= show.length; length += 1) {
      const live = renderLivePlaylist(show.slice(0, length), 4);
      for (const [uri, numbers] of numbered(live)) expect(numbers).toEqual(replay.get(uri));
    }
  });

  it('counts the discontinuities that slid out in EXT-X-DISCONTINUITY-SEQUENCE', () => {
    const show = showOf(run(1, 20), run(2, 3), run(3, 20));
    const parsed = parsePlaylist(renderLivePlaylist(show, 4));
    expect(parsed.mediaSequence).toBe(35);
    expect(parsed.discontinuitySequence).toBe(2);
    expect(parsed.segments.some((s) => s.discontinuity)).toBe(false);
  });

  it('keeps at least three segments and a whole-show target duration that is never 0', () => {
    const show = showOf(run(1, 2, 2.6), run(2, 10, 0.5));
    expect(liveWindowStart(show, 1)).toBe(show.length - 3);
    expect(parsePlaylist(renderLivePlaylist(show, 1)).targetDuration).toBe(3);
    expect(parsePlaylist(renderLivePlaylist(showOf(run(1, 4, 0.49)), 1)).targetDuration).toBe(1);
  });
});

describe('replay playlist', () => {
  it('lists every segment of every run as VOD with discontinuities, program date time and ENDLIST', () => {
    const show = showOf(run(1, 3000), run(2, 5), run(3, 4000));
    const text = renderReplayPlaylist(show);
    const parsed = parsePlaylist(text);
    expect(parsed.segments.map((s) => s.uri)).toEqual(show.map((s) => s.uri));
    expect(parsed.segments.filter((s) => s.discontinuity).map((s) => s.uri)).toEqual(['r2-00000.ts', 'r3-00000.ts']);
    expect(parsed.segments.every((s, i) => s.programDateTime === show[i]!.programDateTime)).toBe(true);
    expect(parsed).toMatchObject({ mediaSequence: 0, discontinuitySequence: 0, playlistType: 'VOD', ended: true });
    expect(text.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
  });
});
