// Decode proof outside the browser: ffprobe decodes every frame of a run of consecutive HLS
// segments (concatenated as downloaded, as a player appends them) and reports the video size and
// frame count. Any decoder complaint at error level (a damaged frame after packet loss, missing
// references) fails the check, and so does a frame rate off what the publisher sends.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface DecodeCheck {
  seconds: number;
  ok: boolean;
  resolution: string;
  videoFrames: number;
  audioFrames: number;
  fps: number;
  errors: string;
}

interface ProbeStream { codec_type?: string; codec_name?: string; width?: number; height?: number; nb_read_frames?: string }

/** `seconds` is the sum of the segments' EXTINF; `expect` the resolution and frame rate the publishers send. */
export async function decodeCheck(file: string, seconds: number, expect: { resolution: string; fps: number }): Promise<DecodeCheck> {
  const result: DecodeCheck = { seconds, ok: false, resolution: '?', videoFrames: 0, audioFrames: 0, fps: 0, errors: '' };
  try {
    const { stdout, stderr } = await run('ffprobe', [
      '-v', 'error', '-count_frames', '-show_entries', 'stream=codec_type,codec_name,width,height,nb_read_frames',
      '-of', 'json', file,
    ], { timeout: 60_000, maxBuffer: 4 * 1024 * 1024 });
    result.errors = stderr.trim().split('\n').filter(Boolean).slice(0, 3).join(' | ');
    const streams = (JSON.parse(stdout) as { streams?: ProbeStream[] }).streams ?? [];
    const video = streams.find((s) => s.codec_type === 'video');
    const audio = streams.find((s) => s.codec_type === 'audio');
    result.resolution = video ? `${video.width}x${video.height}` : 'no video';
    result.videoFrames = Number(video?.nb_read_frames ?? 0);
    result.audioFrames = Number(audio?.nb_read_frames ?? 0);
    result.fps = seconds > 0 ? result.videoFrames / seconds : 0;
  } catch (error) {
    result.errors = (error as Error).message.split('\n').slice(0, 3).join(' | ');
    return result;
  }
  result.ok = result.errors === '' && result.resolution === expect.resolution
    && result.fps >= 0.9 * expect.fps && result.fps <= 1.1 * expect.fps && result.audioFrames > 0;
  return result;
}
