// When does a show count as playing for its viewer? Both proofs must hold:
// - the network viewer (a live player without a decoder) kept real time over the whole window:
//   its 1.0x clock advanced at least 90 % of the wall time, it spent at most 1 % of the window
//   stalled (the usual rebuffering-ratio bar for good live QoE) and no stall lasted longer than
//   one 0.5 s segment; every segment was sound MPEG-TS (H.264 from an IDR, AAC, continuous
//   timestamps, no discontinuity or playlist rewrite) with at least 95 % of the publishers' frames,
//   and ffprobe decoded all of them at the publishers' resolution (segment-decode.ts);
// - hls.js in Chromium played it for a few seconds (clock at about real time, frames decoded).
// Damage (frames hurt or lost with an RTP packet) does not stop playback: it is reported apart.
import type { ChromiumWatch } from './chromium-rotation';
import type { NetworkViewerReport } from './network-viewers';

export const MIN_CLOCK_RATIO = 0.9;
export const MAX_REBUFFERING_RATIO = 0.01;
export const MAX_STALL_SECONDS = 0.5;

export function networkFailures(report: NetworkViewerReport, expectFps: number | null): string[] {
  const failures: string[] = [];
  if (!report.started) failures.push('never started playing');
  if (report.advancedSeconds < MIN_CLOCK_RATIO * report.wallSeconds) {
    failures.push(`clock advanced ${report.advancedSeconds.toFixed(1)} s in ${report.wallSeconds.toFixed(1)} s`);
  }
  if (
    report.stalledSeconds > MAX_REBUFFERING_RATIO * report.wallSeconds ||
    report.longestStallSeconds > MAX_STALL_SECONDS
  ) {
    failures.push(
      `${report.stalls} stalls, ${report.stalledSeconds.toFixed(2)} s in all, longest ${report.longestStallSeconds.toFixed(2)} s`,
    );
  }
  if (expectFps !== null && report.fps < 0.95 * expectFps)
    failures.push(`${report.fps.toFixed(2)} frames per media second`);
  failures.push(...report.problems.slice(0, 3));
  if (report.problems.length > 3) failures.push(`${report.problems.length - 3} more problems`);
  if (report.decodes.length === 0) failures.push('nothing decoded');
  for (const decode of report.decodes.filter((d) => !d.ok)) {
    failures.push(
      `ffprobe: ${decode.resolution}, ${decode.videoFrames} video frames in ${decode.seconds.toFixed(2)} s, ${decode.audioFrames} audio frames`,
    );
  }
  return failures;
}

export function chromiumFailures(watch: ChromiumWatch | undefined): string[] {
  if (!watch) return ['not watched in Chromium'];
  if (watch.ok) return [];
  return [
    `chromium: ${watch.resolution}, +${watch.advancedSeconds.toFixed(1)} s / ${watch.watchedSeconds.toFixed(1)} s, ` +
      `${watch.decodedFrames} frames decoded${watch.error ? `, ${watch.error}` : ''}`,
  ];
}
