// The benchmark's stderr details: one line for the machine and the ingest path, one per show.
import type { ChromiumWatch } from './chromium-rotation';
import type { NetworkViewerReport } from './network-viewers';

export interface MachineFigures {
  live: number;
  streams: number;
  started: number;
  wall: number;
  load: { start: string; end: string };
  /** CPU seconds over the window. */
  cpu: { ffmpegPerStream: number; measured: number; mediaProcess: number; publishers: number; viewers: number; chromium: number };
  udpDrops: Record<string, number>;
}

export function machineLine(m: MachineFigures): string {
  const pct = (cpuSeconds: number) => `${(100 * cpuSeconds / m.wall).toFixed(1)} %`;
  return `${m.live}/${m.streams} live, ${m.started}/${m.streams} network viewers playing; window ${m.wall.toFixed(1)} s; `
    + `load average ${m.load.start} at start, ${m.load.end} at end. CPU of one core: ffmpeg ${pct(m.cpu.ffmpegPerStream)} per stream `
    + `(${m.cpu.measured} measured), media process (werift, HLS serving, bench driver) ${pct(m.cpu.mediaProcess)}; `
    + `not ingest: publishers ${pct(m.cpu.publishers)}, network viewers ${pct(m.cpu.viewers)}, chromium ${pct(m.cpu.chromium)}. `
    + `UDP receive-buffer drops: ${Object.entries(m.udpDrops).map(([name, count]) => `${name} ${count}`).join(', ')}`;
}

export function streamLine(showId: string, r: NetworkViewerReport, w: ChromiumWatch | undefined, failures: string[]): string {
  const clean = r.decodes.filter((d) => d.ok).length;
  const fps = r.decodes.map((d) => d.fps);
  const resolutions = [...new Set(r.decodes.map((d) => d.resolution))].join('/');
  const chromium = w
    ? `${w.ok ? 'ok' : 'FAIL'} ${w.resolution} +${w.advancedSeconds.toFixed(1)}/${w.watchedSeconds.toFixed(1)} s ${w.decodedFrames} frames `
      + `(${w.droppedFrames} dropped, ${w.stalls} stalls, first frame after ${w.firstFrameSeconds?.toFixed(1) ?? '-'} s)`
    : 'not watched';
  return `  ${showId}: clock +${r.advancedSeconds.toFixed(1)}/${r.wallSeconds.toFixed(1)} s, `
    + `stalls ${r.stalls} (${r.stalledSeconds.toFixed(2)} s, longest ${r.longestStallSeconds.toFixed(2)} s), `
    + `${r.segments} segments ${(r.megabits / r.wallSeconds).toFixed(2)} Mbit/s ${r.fps.toFixed(1)} fps, latency ${r.latencySeconds.toFixed(2)} s, `
    + `listed ${r.listingLagMs.p50 ?? '?'}/${r.listingLagMs.max ?? '?'} ms after PDT+duration (p50/max); `
    + `ffprobe ${clean}/${r.decodes.length} chunks clean ${resolutions} ${fps.length ? `${Math.min(...fps).toFixed(1)}-${Math.max(...fps).toFixed(1)} fps` : ''}; `
    + `chromium ${chromium}${failures.length ? ` => NOT PLAYING: ${failures.join('; ')}` : ' => playing'}`;
}
