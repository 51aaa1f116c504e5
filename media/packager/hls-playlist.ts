import { readFile } from 'node:fs/promises';

/** One media segment of an HLS media playlist, with the tags that belong to it. */
export interface HlsSegment {
  uri: string;
  /** EXTINF seconds. */
  duration: number;
  /** EXT-X-PROGRAM-DATE-TIME as written (ISO 8601), null when absent. */
  programDateTime: string | null;
  /** An EXT-X-DISCONTINUITY comes before this segment. */
  discontinuity: boolean;
  /** EXT-X-MAP URI in force for this segment (the fMP4 init segment), null for MPEG-TS. */
  map: string | null;
}

/** An EXT-X-PART, with the media sequence number of the segment it belongs to. */
export interface HlsPart {
  msn: number;
  uri: string;
  duration: number;
  independent: boolean;
}

export interface ParsedPlaylist {
  segments: HlsSegment[];
  mediaSequence: number;
  discontinuitySequence: number;
  targetDuration: number | null;
  /** EXT-X-PLAYLIST-TYPE (EVENT, VOD) or null for a live sliding playlist. */
  playlistType: string | null;
  ended: boolean;
  version: number | null;
  /** EXT-X-PART-INF PART-TARGET seconds. */
  partTarget: number | null;
  /** EXT-X-SERVER-CONTROL attributes as written. */
  serverControl: Record<string, string>;
  /** Partial segments: of listed segments and, after the last one, of the segment being written. */
  parts: HlsPart[];
  /** EXT-X-PRELOAD-HINT URI. */
  preloadHint: string | null;
}

/** `A=1,B="x,y"` -> { A: '1', B: 'x,y' } */
export function parseAttributes(value: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of value.matchAll(/([A-Z0-9-]+)=("[^"]*"|[^,]*)/g)) {
    attributes[match[1]!] = match[2]!.replace(/^"|"$/g, '');
  }
  return attributes;
}

/**
 * Reads an HLS media playlist. A playlist caught half written (a writer without temp files) is read
 * up to its last complete line, so a cut-off segment name is never taken for a segment.
 */
export function parsePlaylist(text: string): ParsedPlaylist {
  const lines = text.split('\n');
  if (!text.endsWith('\n')) lines.pop();
  const parsed: ParsedPlaylist = {
    segments: [],
    mediaSequence: 0,
    discontinuitySequence: 0,
    targetDuration: null,
    playlistType: null,
    ended: false,
    version: null,
    partTarget: null,
    serverControl: {},
    parts: [],
    preloadHint: null,
  };
  let map: string | null = null;
  const fresh = (): Omit<HlsSegment, 'uri'> => ({ duration: 0, programDateTime: null, discontinuity: false, map });
  let pending = fresh();
  const parts: Omit<HlsPart, 'msn'>[] = [];
  const takeParts = (index: number): void => {
    for (const part of parts.splice(0)) parsed.parts.push({ msn: parsed.mediaSequence + index, ...part });
  };
  for (const raw of lines) {
    const line = raw.trim();
    if (line.length === 0) continue;
    if (!line.startsWith('#')) {
      takeParts(parsed.segments.length);
      parsed.segments.push({ uri: line, ...pending });
      pending = fresh();
      continue;
    }
    const colon = line.indexOf(':');
    const tag = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1);
    switch (tag) {
      case '#EXTINF':
        pending.duration = Number.parseFloat(value);
        break;
      case '#EXT-X-PROGRAM-DATE-TIME':
        pending.programDateTime = value;
        break;
      case '#EXT-X-DISCONTINUITY':
        pending.discontinuity = true;
        break;
      case '#EXT-X-MEDIA-SEQUENCE':
        parsed.mediaSequence = Number.parseInt(value, 10);
        break;
      case '#EXT-X-DISCONTINUITY-SEQUENCE':
        parsed.discontinuitySequence = Number.parseInt(value, 10);
        break;
      case '#EXT-X-TARGETDURATION':
        parsed.targetDuration = Number.parseInt(value, 10);
        break;
      case '#EXT-X-PLAYLIST-TYPE':
        parsed.playlistType = value;
        break;
      case '#EXT-X-ENDLIST':
        parsed.ended = true;
        break;
      case '#EXT-X-VERSION':
        parsed.version = Number.parseInt(value, 10);
        break;
      case '#EXT-X-MAP':
        map = parseAttributes(value).URI ?? null;
        pending.map = map;
        break;
      case '#EXT-X-PART-INF':
        parsed.partTarget = Number.parseFloat(parseAttributes(value)['PART-TARGET'] ?? '');
        break;
      case '#EXT-X-SERVER-CONTROL':
        parsed.serverControl = parseAttributes(value);
        break;
      case '#EXT-X-PART': {
        const attributes = parseAttributes(value);
        parts.push({
          uri: attributes.URI ?? '',
          duration: Number.parseFloat(attributes.DURATION ?? ''),
          independent: attributes.INDEPENDENT === 'YES',
        });
        break;
      }
      case '#EXT-X-PRELOAD-HINT':
        parsed.preloadHint = parseAttributes(value).URI ?? null;
        break;
    }
  }
  takeParts(parsed.segments.length);
  return parsed;
}

export interface PlaylistSummary {
  segments: string[];
  /** EXT-X-DISCONTINUITY tags in this file (not counting EXT-X-DISCONTINUITY-SEQUENCE). */
  discontinuities: number;
  mediaSequence: number;
  discontinuitySequence: number;
  playlistType: string | null;
  ended: boolean;
}

export function summarizePlaylist(text: string): PlaylistSummary {
  const parsed = parsePlaylist(text);
  return {
    segments: parsed.segments.map((segment) => segment.uri),
    discontinuities: parsed.segments.filter((segment) => segment.discontinuity).length,
    mediaSequence: parsed.mediaSequence,
    discontinuitySequence: parsed.discontinuitySequence,
    playlistType: parsed.playlistType,
    ended: parsed.ended,
  };
}

export async function readPlaylist(file: string): Promise<PlaylistSummary | null> {
  try {
    return summarizePlaylist(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
}
