import { readFileSync } from 'node:fs';

const PACKET = 188;

/**
 * Seconds of video in an MPEG-TS segment, from its own timestamps: last video PTS - first + one frame (the median
 * gap between frames). Null when the file has fewer than two video frames or cannot be read.
 *
 * Why: ffmpeg 5.1's HLS muxer writes the EXTINF of the segment it closes on SIGINT (a run's last one) as a few
 * 90 kHz ticks (0.000022 s, 0.000044 s seen) though it holds up to a segment of video (0.15-0.25 s seen), so a replay
 * measured by its EXTINF is that much shorter than the media players get.
 */
export function tsVideoSeconds(file: string): number | null {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return null;
  }
  const pts: number[] = [];
  for (let at = 0; at + PACKET <= data.length; at += PACKET) {
    if (data[at] !== 0x47 || (data[at + 1]! & 0x40) === 0) continue; // not a packet start, or no PES starts here
    const adaptation = (data[at + 3]! >> 4) & 0x3;
    if ((adaptation & 0x1) === 0) continue; // no payload
    const payload = at + 4 + ((adaptation & 0x2) !== 0 ? 1 + data[at + 4]! : 0);
    if (payload + 14 > at + PACKET) continue;
    // PES start code and a video stream id (0xE0-0xEF) with a PTS.
    if (
      data[payload] !== 0 ||
      data[payload + 1] !== 0 ||
      data[payload + 2] !== 1 ||
      (data[payload + 3]! & 0xf0) !== 0xe0
    )
      continue;
    if ((data[payload + 7]! & 0x80) === 0) continue;
    const p = payload + 9;
    const value =
      ((data[p]! >> 1) & 0x07) * 2 ** 30 +
      ((data[p + 1]! << 22) | ((data[p + 2]! >> 1) << 15) | (data[p + 3]! << 7) | (data[p + 4]! >> 1));
    pts.push(value);
  }
  if (pts.length < 2) return null;
  pts.sort((a, b) => a - b);
  const gaps = pts
    .slice(1)
    .map((value, i) => value - pts[i]!)
    .sort((a, b) => a - b);
  const frame = gaps[Math.floor(gaps.length / 2)]!;
  const seconds = (pts.at(-1)! - pts[0]! + frame) / 90_000;
  return seconds < 60 ? seconds : null; // across a PTS wrap (every 26.5 h): leave the EXTINF as it is
}
