// Decode proof outside the browser: ffprobe decodes every frame of a run of consecutive HLS
// segments (concatenated as downloaded, as a player appends them) and reports the video size and
// frame count. The run is decodable when ffprobe reads it at the publishers' resolution with at
// least 95 % of the frames the publishers sent, and audio. Damage is counted apart: decoder
// complaints at error level (a frame damaged by a lost RTP packet) and frames missing altogether
// (a frame whose first packet was lost vanishes without a decoder error).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { PublishedVideo } from './publishers';

const run = promisify(execFile);

export interface DecodeCheck {
  seconds: number;
  ok: boolean;
  resolution: string;
  videoFrames: number;
  audioFrames: number;
  fps: number;
  missingFrames: number;
  /** Lines ffprobe logged at error level: each is a damaged slice or frame. */
  decoderErrors: number;
  /** The first of them. */
  errors: string;
}

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  nb_read_frames?: string;
}

/** `seconds` is the sum of the segments' EXTINF; `expect` what the publishers send. */
export async function decodeCheck(file: string, seconds: number, expect: PublishedVideo): Promise<DecodeCheck> {
  const result: DecodeCheck = {
    seconds,
    ok: false,
    resolution: '?',
    videoFrames: 0,
    audioFrames: 0,
    fps: 0,
    missingFrames: 0,
    decoderErrors: 0,
    errors: '',
  };
  try {
    const { stdout, stderr } = await run(
      'ffprobe',
      [
        '-v',
        'error',
        '-count_frames',
        '-show_entries',
        'stream=codec_type,codec_name,width,height,nb_read_frames',
        '-of',
        'json',
        file,
      ],
      { timeout: 60_000, maxBuffer: 4 * 1024 * 1024 },
    );
    const errorLines = stderr.trim().split('\n').filter(Boolean);
    result.decoderErrors = errorLines.length;
    result.errors = errorLines.slice(0, 2).join(' | ');
    const streams = (JSON.parse(stdout) as { streams?: ProbeStream[] }).streams ?? [];
    const video = streams.find((s) => s.codec_type === 'video');
    const audio = streams.find((s) => s.codec_type === 'audio');
    result.resolution = video ? `${video.width}x${video.height}` : 'no video';
    result.videoFrames = Number(video?.nb_read_frames ?? 0);
    result.audioFrames = Number(audio?.nb_read_frames ?? 0);
    result.fps = seconds > 0 ? result.videoFrames / seconds : 0;
  } catch (error) {
    result.errors = (error as Error).message.split('\n').slice(0, 2).join(' | ');
    return result;
  }
  if (expect.fps === null) {
    result.ok = result.resolution === expect.resolution && result.videoFrames > 0 && result.audioFrames > 0;
    return result;
  }
  const expected = Math.round(seconds * expect.fps);
  result.missingFrames = Math.max(0, expected - result.videoFrames);
  result.ok =
    result.resolution === expect.resolution &&
    result.videoFrames >= 0.95 * expected &&
    result.videoFrames <= expected + 1 &&
    result.audioFrames > 0;
  return result;
}
