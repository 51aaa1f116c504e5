// A small MPEG-TS reader for HLS segments, enough to tell a player-usable segment from bytes that
// merely exist: 188-byte packets with sync bytes, PAT/PMT naming an H.264 video stream, one PES per
// video access unit (how ffmpeg muxes), the first video PTS, and whether the segment opens with an
// IDR and its parameter sets (what #EXT-X-INDEPENDENT-SEGMENTS promises a player joining there).
const PACKET = 188;
const STREAM_TYPES: Record<number, string> = { 0x1b: 'h264', 0x24: 'hevc', 0x0f: 'aac', 0x03: 'mp3', 0x04: 'mp3' };

export interface TsSegmentInfo {
  packets: number;
  videoCodec: string | null;
  audioCodec: string | null;
  videoFrames: number;
  audioPes: number;
  /** First video PTS in seconds (33-bit 90 kHz clock, not unwrapped). */
  firstVideoPts: number | null;
  startsWithIdr: boolean;
  hasParameterSets: boolean;
  continuityErrors: number;
  /** First structural problem, null when the segment looks like playable MPEG-TS. */
  problem: string | null;
}

function readPts(b: Uint8Array, at: number): number {
  // 33 bits spread over 5 bytes with marker bits; the top 3 bits are multiplied in to stay exact.
  return (
    ((b[at]! >> 1) & 0x07) * 2 ** 30 +
    ((b[at + 1]! << 22) | ((b[at + 2]! >> 1) << 15) | (b[at + 3]! << 7) | (b[at + 4]! >> 1))
  );
}

function sectionOf(payload: Uint8Array): Uint8Array {
  return payload.subarray(1 + payload[0]!);
}

function nalTypes(data: Uint8Array): Set<number> {
  const types = new Set<number>();
  for (let i = 0; i + 3 < data.length; i++) {
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) types.add(data[i + 3]! & 0x1f);
  }
  return types;
}

export function inspectTsSegment(bytes: Uint8Array): TsSegmentInfo {
  const info: TsSegmentInfo = {
    packets: 0,
    videoCodec: null,
    audioCodec: null,
    videoFrames: 0,
    audioPes: 0,
    firstVideoPts: null,
    startsWithIdr: false,
    hasParameterSets: false,
    continuityErrors: 0,
    problem: null,
  };
  if (bytes.length === 0 || bytes.length % PACKET !== 0) {
    info.problem = `size ${bytes.length} is not a whole number of 188-byte packets`;
    return info;
  }
  let pmtPid = -1;
  let videoPid = -1;
  let audioPid = -1;
  const lastCc = new Map<number, number>();
  const firstAccessUnit: Uint8Array[] = [];
  let collecting = false;
  for (let off = 0; off < bytes.length; off += PACKET) {
    if (bytes[off] !== 0x47) {
      info.problem = `sync byte lost at packet ${off / PACKET}`;
      return info;
    }
    info.packets += 1;
    const start = (bytes[off + 1]! & 0x40) !== 0;
    const pid = ((bytes[off + 1]! & 0x1f) << 8) | bytes[off + 2]!;
    const control = (bytes[off + 3]! >> 4) & 0x03;
    const cc = bytes[off + 3]! & 0x0f;
    if ((control & 0x01) === 0) continue;
    const previous = lastCc.get(pid);
    if (previous !== undefined && cc !== ((previous + 1) & 0x0f)) info.continuityErrors += 1;
    lastCc.set(pid, cc);
    const payloadAt = off + 4 + ((control & 0x02) !== 0 ? 1 + bytes[off + 4]! : 0);
    if (payloadAt >= off + PACKET) continue;
    const payload = bytes.subarray(payloadAt, off + PACKET);
    if (pid === 0 && start) {
      const s = sectionOf(payload);
      const end = 3 + (((s[1]! & 0x0f) << 8) | s[2]!) - 4;
      for (let i = 8; i + 3 < end; i += 4) {
        if (((s[i]! << 8) | s[i + 1]!) !== 0) pmtPid = ((s[i + 2]! & 0x1f) << 8) | s[i + 3]!;
      }
    } else if (pid === pmtPid && start) {
      const s = sectionOf(payload);
      const end = 3 + (((s[1]! & 0x0f) << 8) | s[2]!) - 4;
      for (
        let i = 12 + (((s[10]! & 0x0f) << 8) | s[11]!);
        i + 4 < end;
        i += 5 + (((s[i + 3]! & 0x0f) << 8) | s[i + 4]!)
      ) {
        const type = s[i]!;
        const esPid = ((s[i + 1]! & 0x1f) << 8) | s[i + 2]!;
        const name = STREAM_TYPES[type] ?? `type 0x${type.toString(16)}`;
        if (videoPid < 0 && (type === 0x1b || type === 0x24)) {
          videoPid = esPid;
          info.videoCodec = name;
        }
        if (audioPid < 0 && (type === 0x0f || type === 0x03 || type === 0x04)) {
          audioPid = esPid;
          info.audioCodec = name;
        }
      }
    } else if (pid === videoPid) {
      if (start) {
        if (payload[0] !== 0 || payload[1] !== 0 || payload[2] !== 1) {
          info.problem = `video PES without a start code at packet ${off / PACKET}`;
          return info;
        }
        info.videoFrames += 1;
        const headerEnd = 9 + payload[8]!;
        if (info.firstVideoPts === null && (payload[7]! & 0x80) !== 0)
          info.firstVideoPts = readPts(payload, 9) / 90_000;
        collecting = info.videoFrames === 1;
        if (collecting) firstAccessUnit.push(payload.subarray(headerEnd));
      } else if (collecting) {
        firstAccessUnit.push(payload);
      }
    } else if (pid === audioPid && start) {
      info.audioPes += 1;
    } else if (pid > 0x1f && pmtPid < 0) {
      info.problem = 'media packets before any PAT/PMT';
      return info;
    }
  }
  const types = nalTypes(Buffer.concat(firstAccessUnit));
  info.startsWithIdr = types.has(5);
  info.hasParameterSets = types.has(7) && types.has(8);
  if (videoPid < 0) info.problem = 'no video stream in the PMT';
  else if (info.videoFrames === 0) info.problem = 'no video access units';
  else if (!info.startsWithIdr) info.problem = 'first video access unit is not an IDR';
  return info;
}
