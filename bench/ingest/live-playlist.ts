// Media playlist fields a live player acts on (RFC 8216): target duration, media sequence,
// segment URIs with durations, discontinuities, program date time and the end marker.
export interface PlaylistSegment {
  /** Absolute media sequence number. */
  sequence: number;
  uri: string;
  duration: number;
  discontinuity: boolean;
  /** EXT-X-PROGRAM-DATE-TIME in ms since the epoch, when given for this segment. */
  programDateMs: number | null;
  /** EXT-X-MAP URI (the fMP4 init segment), null for MPEG-TS. */
  map: string | null;
}

export interface LivePlaylist {
  targetDuration: number;
  mediaSequence: number;
  segments: PlaylistSegment[];
  ended: boolean;
}

export function parseLivePlaylist(text: string): LivePlaylist {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines[0] !== '#EXTM3U') throw new Error('not an M3U8 playlist');
  const playlist: LivePlaylist = { targetDuration: 0, mediaSequence: 0, segments: [], ended: false };
  let duration: number | null = null;
  let discontinuity = false;
  let programDateMs: number | null = null;
  let map: string | null = null;
  for (const line of lines) {
    const colon = line.startsWith('#') ? line.indexOf(':') : -1;
    const tag = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1);
    if (tag === '#EXT-X-TARGETDURATION') playlist.targetDuration = Number(value);
    else if (tag === '#EXT-X-MEDIA-SEQUENCE') playlist.mediaSequence = Number(value);
    else if (tag === '#EXTINF') duration = Number.parseFloat(value);
    else if (line === '#EXT-X-DISCONTINUITY') discontinuity = true;
    else if (tag === '#EXT-X-PROGRAM-DATE-TIME') programDateMs = Date.parse(value);
    else if (line === '#EXT-X-ENDLIST') playlist.ended = true;
    else if (tag === '#EXT-X-MAP') map = /URI="([^"]+)"/.exec(value)?.[1] ?? null;
    else if (!line.startsWith('#')) {
      if (duration === null || !Number.isFinite(duration)) throw new Error(`segment ${line} without EXTINF`);
      playlist.segments.push({
        sequence: playlist.mediaSequence + playlist.segments.length,
        uri: line,
        duration,
        discontinuity,
        programDateMs,
        map,
      });
      duration = null;
      discontinuity = false;
      programDateMs = null;
    }
  }
  return playlist;
}
