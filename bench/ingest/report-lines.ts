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
  cpu: {
    ffmpegPerStream: number;
    restarted: number;
    /** Shows packaged at both ends of the window: the per-stream divisor. */
    carried: number;
    mediaNode: number;
    sfu: number;
    driver: number;
    publishers: number;
    viewers: number;
    chromium: number;
  };
  udpDrops: Record<string, number>;
  /** Video NACKs from the server and packets the publishers resent for them, in the window. */
  retransmissions: { nacks: number; resent: number } | null;
  reports: NetworkViewerReport[];
}

/** Frames hurt (decoder errors) or lost altogether in what the viewers downloaded. */
export function damageOf(r: NetworkViewerReport): { decoderErrors: number; missingFrames: number } {
  return {
    decoderErrors: r.decodes.reduce((sum, d) => sum + d.decoderErrors, 0),
    missingFrames: r.decodes.reduce((sum, d) => sum + d.missingFrames, 0),
  };
}

function causes(c: NetworkViewerReport['stallCauses']): string {
  return (
    `not yet written ${c.notWritten}, written but not yet listed ${c.notListed}, listed but not yet downloaded ${c.notFetched}` +
    (c.unknown ? `, unknown ${c.unknown}` : '')
  );
}

export function machineLine(m: MachineFigures): string {
  const pct = (cpuSeconds: number) => `${((100 * cpuSeconds) / m.wall).toFixed(1)} %`;
  const damage = m.reports.map(damageOf);
  const damaged = damage.filter((d) => d.decoderErrors + d.missingFrames > 0);
  const sum = (key: 'decoderErrors' | 'missingFrames') => damage.reduce((total, d) => total + d[key], 0);
  const stalls = (cause: keyof NetworkViewerReport['stallCauses']) =>
    m.reports.reduce((total, r) => total + r.stallCauses[cause], 0);
  return (
    `${m.live}/${m.streams} live, ${m.started}/${m.streams} network viewers playing; window ${m.wall.toFixed(1)} s; ` +
    `load average ${m.load.start} at start, ${m.load.end} at end. CPU of one core: ffmpeg ${pct(m.cpu.ffmpegPerStream)} per stream ` +
    `(${m.cpu.restarted} packagers replaced in the window, counted; ${m.cpu.carried}/${m.streams} shows packaged at both ends of the window, the per-stream divisor), media node process ${pct(m.cpu.mediaNode)}, mediasoup workers ${pct(m.cpu.sfu)}; ` +
    `not ingest: bench driver and HLS edge ${pct(m.cpu.driver)}, publishers ${pct(m.cpu.publishers)}, network viewers ${pct(m.cpu.viewers)}, ` +
    `chromium ${pct(m.cpu.chromium)}. ` +
    `UDP receive-buffer drops: ${Object.entries(m.udpDrops)
      .map(([name, count]) => `${name} ${count}`)
      .join(', ')}` +
    (m.retransmissions
      ? `; video NACKs from the server ${m.retransmissions.nacks}, packets resent ${m.retransmissions.resent}`
      : '') +
    `. Stalls: ${m.reports.reduce((total, r) => total + r.stalls, 0)}, waiting for a segment ${causes({
      notWritten: stalls('notWritten'),
      notListed: stalls('notListed'),
      notFetched: stalls('notFetched'),
      unknown: stalls('unknown'),
    })}. ` +
    `Damage in the downloaded video: ${damaged.length}/${m.streams} streams, ${sum('decoderErrors')} decoder errors, ${sum('missingFrames')} frames missing`
  );
}

export function streamLine(
  showId: string,
  r: NetworkViewerReport,
  w: ChromiumWatch | undefined,
  failures: string[],
): string {
  const decodable = r.decodes.filter((d) => d.ok).length;
  const damage = damageOf(r);
  const firstError = r.decodes.find((d) => d.errors)?.errors;
  const fps = r.decodes.map((d) => d.fps);
  const resolutions = [...new Set(r.decodes.map((d) => d.resolution))].join('/');
  const chromium = w
    ? `${w.ok ? 'ok' : 'FAIL'} ${w.resolution} +${w.advancedSeconds.toFixed(1)}/${w.watchedSeconds.toFixed(1)} s ${w.decodedFrames} frames ` +
      `(${w.droppedFrames} dropped, ${w.stalls} stalls, ${w.recoveries} recoveries, first frame after ${w.firstFrameSeconds?.toFixed(1) ?? '-'} s)`
    : 'not watched';
  return (
    `  ${showId}: clock +${r.advancedSeconds.toFixed(1)}/${r.wallSeconds.toFixed(1)} s, ` +
    `stalls ${r.stalls} (${r.stalledSeconds.toFixed(2)} s, longest ${r.longestStallSeconds.toFixed(2)} s; ` +
    `waiting for a segment ${causes(r.stallCauses)}` +
    `), ` +
    `${r.segments} segments ${(r.megabits / r.wallSeconds).toFixed(2)} Mbit/s ${r.fps.toFixed(1)} fps, latency ${r.latencySeconds.toFixed(2)} s, ` +
    `listed ${r.listingLagMs.p50 ?? '?'}/${r.listingLagMs.max ?? '?'} ms after PDT+duration (p50/max); ` +
    `ffprobe ${decodable}/${r.decodes.length} chunks decodable ${resolutions} ${fps.length ? `${Math.min(...fps).toFixed(1)}-${Math.max(...fps).toFixed(1)} fps` : ''}` +
    `, damage ${damage.decoderErrors} decoder errors ${damage.missingFrames} frames missing${firstError ? ` (${firstError})` : ''}; ` +
    `chromium ${chromium}${failures.length ? ` => NOT PLAYING: ${failures.join('; ')}` : ' => playing'}`
  );
}
