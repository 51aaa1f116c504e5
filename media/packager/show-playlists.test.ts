import { describe, expect, it } from 'vitest';
import { llHlsErrors } from '../test-support/hls-show-files';
import { parsePlaylist, type HlsSegment } from './hls-playlist';
import type { LlHlsPart } from './ll-hls-run';
import {
  appendRunSegments,
  type LiveParts,
  liveWindowStart,
  renderLivePlaylist as renderLive,
  renderReplayPlaylist,
} from './show-playlists';

const noParts: LiveParts = { partTarget: 0.2, bySegment: new Map(), pending: null, preloadHint: null };
const renderLivePlaylist = (show: HlsSegment[], windowSeconds: number, parts: LiveParts = noParts) =>
  renderLive(show, windowSeconds, parts);

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
    uri: `r${runNumber}-${String(i).padStart(5, '0')}.m4s`,
    duration,
    programDateTime: new Date(Date.UTC(2026, 0, 1, runNumber, 0, i)).toISOString(),
    discontinuity: false,
    map: `r${runNumber}-init.mp4`,
  }));
}

/** The parts a 0.5 s segment is made of: 0.2 + 0.2 + 0.1 s, the first one independent. */
function partsOf(segment: HlsSegment, first: number): LlHlsPart[] {
  const run = segment.uri.slice(0, segment.uri.indexOf('-'));
  return [0.2, 0.2, 0.1].map((duration, i) => ({
    uri: `${run}-p${String(first + i).padStart(5, '0')}.m4s`,
    duration,
    independent: i === 0,
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
      {
        uri: 'r1-00000.ts',
        duration: 0.5,
        programDateTime: '2026-11-22T22:13:36.267+0000',
        discontinuity: false,
        map: null,
      },
      {
        uri: 'r1-00001.ts',
        duration: 0.533333,
        programDateTime: '2026-11-22T22:13:36.767+0000',
        discontinuity: false,
        map: null,
      },
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
      ['r1-00000.m4s', false],
      ['r1-00001.m4s', false],
      ['r1-00002.m4s', false],
      ['r3-00000.m4s', true],
      ['r3-00001.m4s', false],
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
    expect(parsed.segments[0]!.uri).toBe('r1-07170.m4s');
    expect(parsed.segments.at(-1)!.uri).toBe('r1-07199.m4s');
    expect(parsed.playlistType).toBeNull(); // segments leave it: neither EVENT nor VOD
    expect(parsed.ended).toBe(false);
    expect(text.length).toBeLessThan(5000);
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

describe('LL-HLS live playlist', () => {
  // Run 1's 20 segments, then run 2 has two whole segments and is writing its third.
  const show = showOf(run(1, 20), run(2, 2));
  const bySegment = new Map(show.map((segment, msn) => [msn, partsOf(segment, (msn >= 20 ? msn - 20 : msn) * 3)]));
  const pendingParts = partsOf({ ...show[21]!, uri: 'r2-00002.m4s' }, 6).slice(0, 2);
  const parts: LiveParts = {
    partTarget: 0.2,
    bySegment,
    pending: {
      discontinuity: false,
      map: 'r2-init.mp4',
      programDateTime: '2026-01-01T02:00:02.000Z',
      parts: pendingParts,
    },
    preloadHint: 'r2-p00008.m4s',
  };

  it('declares blocking reload, the part target and hold back, and lists parts, the segment being written and a hint', () => {
    const text = renderLivePlaylist(show, 4, parts);
    const parsed = parsePlaylist(text);
    expect(text).toMatch(
      /^#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:1\n#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0\.600\n#EXT-X-PART-INF:PART-TARGET=0\.200\n/,
    );
    expect(llHlsErrors(parsed)).toEqual([]);
    expect(parsed.preloadHint).toBe('r2-p00008.m4s');
    // Parts for the segments of the last 3 target durations (3 s: six 0.5 s segments), then the pending ones.
    const msns = [...new Set(parsed.parts.map((part) => part.msn))];
    expect(msns).toEqual([16, 17, 18, 19, 20, 21, 22]);
    expect(parsed.parts.filter((part) => part.msn === 22).map((part) => part.uri)).toEqual([
      'r2-p00006.m4s',
      'r2-p00007.m4s',
    ]);
    // The segment being written: its date comes before its parts; the whole segments still carry theirs.
    expect(text).toContain(
      '#EXT-X-PROGRAM-DATE-TIME:2026-01-01T02:00:02.000Z\n#EXT-X-PART:DURATION=0.200000,URI="r2-p00006.m4s",INDEPENDENT=YES\n',
    );
    expect(parsed.segments.every((segment) => segment.programDateTime !== null)).toBe(true);
    // Run 2's init segment from its first segment on, behind the discontinuity.
    expect(text).toContain('#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI="r2-init.mp4"\n#EXT-X-PROGRAM-DATE-TIME:');
  });

  it("puts a new run's discontinuity and init segment before its first parts, while it has no whole segment", () => {
    const first = showOf(run(1, 20));
    const text = renderLivePlaylist(first, 4, {
      ...parts,
      bySegment: new Map(),
      pending: {
        discontinuity: true,
        map: 'r2-init.mp4',
        programDateTime: '2026-01-01T02:00:00.000Z',
        parts: pendingParts,
      },
    });
    expect(text).toContain(
      'r1-00019.m4s\n#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI="r2-init.mp4"\n#EXT-X-PROGRAM-DATE-TIME:2026-01-01T02:00:00.000Z\n#EXT-X-PART:',
    );
    expect(parsePlaylist(text).parts.every((part) => part.msn === 20)).toBe(true);
  });

  it('ends with EXT-X-ENDLIST and no preload hint once the show has ended', () => {
    const text = renderLivePlaylist(show, 4, { ...parts, pending: null, ended: true });
    expect(text.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
    expect(text).not.toContain('PRELOAD-HINT');
  });
});

describe('replay playlist', () => {
  it('lists every segment of every run as VOD with discontinuities, program date time and ENDLIST', () => {
    const show = showOf(run(1, 3000), run(2, 5), run(3, 4000));
    const text = renderReplayPlaylist(show);
    const parsed = parsePlaylist(text);
    expect(parsed.segments.map((s) => s.uri)).toEqual(show.map((s) => s.uri));
    expect(parsed.segments.filter((s) => s.discontinuity).map((s) => s.uri)).toEqual(['r2-00000.m4s', 'r3-00000.m4s']);
    // Each run's init segment where it starts; no LL-HLS tags in a VOD.
    expect(text.match(/#EXT-X-MAP:URI="[^"]+"/g)).toEqual([
      '#EXT-X-MAP:URI="r1-init.mp4"',
      '#EXT-X-MAP:URI="r2-init.mp4"',
      '#EXT-X-MAP:URI="r3-init.mp4"',
    ]);
    expect(parsed.parts).toEqual([]);
    expect(text).not.toMatch(/PART|PRELOAD|SERVER-CONTROL/);
    expect(parsed.segments.every((s, i) => s.programDateTime === show[i]!.programDateTime)).toBe(true);
    expect(parsed).toMatchObject({ mediaSequence: 0, discontinuitySequence: 0, playlistType: 'VOD', ended: true });
    expect(text.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
  });
});
