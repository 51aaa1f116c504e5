// Just enough ISO BMFF (fragmented MP4) reading to cut ffmpeg's fMP4 stream into LL-HLS parts and segments:
// top-level boxes out of a byte stream, the tracks of the init segment (moov), and per fragment (moof) the video
// track's decode time, duration and whether it starts with a keyframe. ISO/IEC 14496-12 sections 8.3-8.8.

export interface Mp4Box {
  type: string;
  /** The whole box, header included. */
  bytes: Buffer;
}

/** Splits a byte stream into top-level boxes; keeps an incomplete box until the rest of it arrives. */
export class Mp4BoxSplitter {
  #buffer: Buffer = Buffer.alloc(0);

  /** Bytes held back: the start of a box not complete yet (what a killed writer leaves). */
  get pendingBytes(): number {
    return this.#buffer.length;
  }

  push(chunk: Buffer): Mp4Box[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const boxes: Mp4Box[] = [];
    let at = 0;
    for (;;) {
      const header = boxHeader(this.#buffer, at, this.#buffer.length);
      if (!header || at + header.size > this.#buffer.length) break;
      boxes.push({ type: header.type, bytes: this.#buffer.subarray(at, at + header.size) });
      at += header.size;
    }
    // Copy what is left so the boxes handed out do not pin the whole chunk (they are subarrays of it).
    this.#buffer = at === 0 ? this.#buffer : Buffer.from(this.#buffer.subarray(at));
    return boxes;
  }
}

interface BoxHeader {
  type: string;
  size: number;
  headerSize: number;
}

function boxHeader(data: Buffer, at: number, end: number): BoxHeader | null {
  if (at + 8 > end) return null;
  const size32 = data.readUInt32BE(at);
  const type = data.toString('latin1', at + 4, at + 8);
  if (size32 === 1) {
    if (at + 16 > end) return null;
    return { type, size: Number(data.readBigUInt64BE(at + 8)), headerSize: 16 };
  }
  if (size32 === 0) return { type, size: end - at, headerSize: 8 }; // "to the end": only the last box of a file
  if (size32 < 8) throw new Error(`invalid MP4 box size ${size32} for "${type}"`);
  return { type, size: size32, headerSize: 8 };
}

interface ChildBox {
  type: string;
  /** Payload start and end (after the header) in the parent's buffer. */
  start: number;
  end: number;
}

function children(data: Buffer, start: number, end: number): ChildBox[] {
  const boxes: ChildBox[] = [];
  let at = start;
  while (at < end) {
    const header = boxHeader(data, at, end);
    if (!header || at + header.size > end) break;
    boxes.push({ type: header.type, start: at + header.headerSize, end: at + header.size });
    at += header.size;
  }
  return boxes;
}

function child(data: Buffer, parent: ChildBox, type: string): ChildBox | undefined {
  return children(data, parent.start, parent.end).find((box) => box.type === type);
}

const asChild = (box: Mp4Box): ChildBox => ({ type: box.type, start: 8, end: box.bytes.length });

export interface Mp4Track {
  id: number;
  kind: 'video' | 'audio' | 'other';
  timescale: number;
  /** From the movie extends box (trex): what fragments leave out. */
  defaultDuration: number;
  defaultFlags: number;
}

/** The tracks an init segment's moov describes. */
export function readInitTracks(moov: Mp4Box): Mp4Track[] {
  const data = moov.bytes;
  const root = asChild(moov);
  const defaults = new Map<number, { duration: number; flags: number }>();
  const mvex = child(data, root, 'mvex');
  for (const trex of mvex ? children(data, mvex.start, mvex.end).filter((box) => box.type === 'trex') : []) {
    defaults.set(data.readUInt32BE(trex.start + 4), {
      duration: data.readUInt32BE(trex.start + 12),
      flags: data.readUInt32BE(trex.start + 20),
    });
  }
  const tracks: Mp4Track[] = [];
  for (const trak of children(data, root.start, root.end).filter((box) => box.type === 'trak')) {
    const tkhd = child(data, trak, 'tkhd');
    const mdia = child(data, trak, 'mdia');
    const mdhd = mdia && child(data, mdia, 'mdhd');
    const hdlr = mdia && child(data, mdia, 'hdlr');
    if (!tkhd || !mdhd || !hdlr) continue;
    const id = data.readUInt32BE(tkhd.start + (data[tkhd.start] === 1 ? 20 : 12));
    const timescale = data.readUInt32BE(mdhd.start + (data[mdhd.start] === 1 ? 20 : 12));
    const handler = data.toString('latin1', hdlr.start + 8, hdlr.start + 12);
    const kind = handler === 'vide' ? 'video' : handler === 'soun' ? 'audio' : 'other';
    const fallback = defaults.get(id) ?? { duration: 0, flags: 0 };
    tracks.push({ id, kind, timescale, defaultDuration: fallback.duration, defaultFlags: fallback.flags });
  }
  return tracks;
}

/** What a fragment holds of one track, in that track's timescale. */
export interface FragmentTrack {
  trackId: number;
  decodeTime: number;
  duration: number;
  samples: number;
  /** The first sample is a sync sample (a keyframe for video). */
  startsWithSync: boolean;
  /** Duration of the last sample, and where in the moof it is written (null: only in the moov's trex). */
  lastSampleDuration: number;
  lastSampleDurationAt: number | null;
}

const SAMPLE_IS_NON_SYNC = 0x00010000;

/** Reads each track fragment (traf) of a moof: decode time (tfdt), summed sample durations and first sample's flags. */
export function readFragment(moof: Mp4Box, tracks: readonly Mp4Track[]): FragmentTrack[] {
  const data = moof.bytes;
  const result: FragmentTrack[] = [];
  for (const traf of children(data, 8, data.length).filter((box) => box.type === 'traf')) {
    const tfhd = child(data, traf, 'tfhd');
    if (!tfhd) continue;
    const tfhdFlags = data.readUInt32BE(tfhd.start) & 0xffffff;
    const trackId = data.readUInt32BE(tfhd.start + 4);
    const track = tracks.find((candidate) => candidate.id === trackId);
    let at = tfhd.start + 8;
    if (tfhdFlags & 0x01) at += 8; // base data offset
    if (tfhdFlags & 0x02) at += 4; // sample description index
    let defaultDuration = track?.defaultDuration ?? 0;
    let defaultDurationAt: number | null = null;
    let defaultFlags = track?.defaultFlags ?? 0;
    if (tfhdFlags & 0x08) {
      defaultDuration = data.readUInt32BE(at);
      defaultDurationAt = at;
      at += 4;
    }
    if (tfhdFlags & 0x10) at += 4; // default sample size
    if (tfhdFlags & 0x20) defaultFlags = data.readUInt32BE(at);

    const tfdt = child(data, traf, 'tfdt');
    const decodeTime = !tfdt
      ? 0
      : data[tfdt.start] === 1
        ? Number(data.readBigUInt64BE(tfdt.start + 4))
        : data.readUInt32BE(tfdt.start + 4);
    let duration = 0;
    let samples = 0;
    let firstFlags: number | null = null;
    let lastSampleDuration = 0;
    let lastSampleDurationAt: number | null = null;
    for (const trun of children(data, traf.start, traf.end).filter((box) => box.type === 'trun')) {
      const flags = data.readUInt32BE(trun.start) & 0xffffff;
      const count = data.readUInt32BE(trun.start + 4);
      let p = trun.start + 8;
      if (flags & 0x01) p += 4; // data offset
      let runFirstFlags: number | null = null;
      if (flags & 0x04) {
        runFirstFlags = data.readUInt32BE(p);
        p += 4;
      }
      for (let i = 0; i < count; i += 1) {
        let sampleDuration = defaultDuration;
        let sampleDurationAt = defaultDurationAt;
        let sampleFlags = i === 0 && runFirstFlags !== null ? runFirstFlags : defaultFlags;
        if (flags & 0x100) {
          sampleDuration = data.readUInt32BE(p);
          sampleDurationAt = p;
          p += 4;
        }
        if (flags & 0x200) p += 4; // size
        if (flags & 0x400) {
          const explicit = data.readUInt32BE(p);
          if (!(i === 0 && runFirstFlags !== null)) sampleFlags = explicit;
          p += 4;
        }
        if (flags & 0x800) p += 4; // composition time offset
        if (firstFlags === null) firstFlags = sampleFlags;
        duration += sampleDuration;
        lastSampleDuration = sampleDuration;
        lastSampleDurationAt = sampleDurationAt;
      }
      samples += count;
    }
    result.push({
      trackId,
      decodeTime,
      duration,
      samples,
      startsWithSync: firstFlags !== null && (firstFlags & SAMPLE_IS_NON_SYNC) === 0,
      lastSampleDuration,
      lastSampleDurationAt,
    });
  }
  return result;
}
