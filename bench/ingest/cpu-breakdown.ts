// Where each engine's cpu_pct_per_stream goes, and the lowest cpu_vs_werift the same packaging allows.
// Both engines package identically (one ffmpeg per show: H.264 copied, Opus to AAC, fMP4 to the node), so ffmpeg's
// share is a cost mediasoup pays as much as werift: even with an SFU that cost nothing, mediasoup's figure could not
// go below its ffmpeg share, and cpu_vs_werift not below that share / werift's whole figure.

/** Percent of one core per show carried through the window. */
export interface CpuBreakdown {
  /** The show's ffmpeg (identical packaging on both engines). */
  ffmpegPctPerStream: number;
  /**
   * The engine's own part: the media node's process (werift runs in it; with mediasoup it drives the workers) and
   * mediasoup's workers. The node's process also cuts ffmpeg's output into parts and writes the playlists, the same
   * for both engines, which no process boundary separates from the SFU.
   */
  sfuPctPerStream: number;
  /** Of sfuPctPerStream: mediasoup's workers (0 on werift). */
  workersPctPerStream: number;
}

export function cpuBreakdown(
  seconds: { ffmpeg: number; mediaNode: number; workers: number },
  carried: number,
  wall: number,
): CpuBreakdown | null {
  if (carried <= 0 || wall <= 0) return null;
  const pct = (cpuSeconds: number) => Number(((100 * cpuSeconds) / carried / wall).toFixed(2));
  return {
    ffmpegPctPerStream: pct(seconds.ffmpeg),
    sfuPctPerStream: pct(seconds.mediaNode + seconds.workers),
    workersPctPerStream: pct(seconds.workers),
  };
}

export function breakdownLine(engine: string, b: CpuBreakdown | null): string {
  if (!b) return `${engine} CPU breakdown: no show carried through the window`;
  return (
    `${engine} CPU breakdown: ffmpeg_pct_per_stream ${b.ffmpegPctPerStream}, sfu_pct_per_stream ${b.sfuPctPerStream} ` +
    `(media node process ${(b.sfuPctPerStream - b.workersPctPerStream).toFixed(2)} + mediasoup workers ${b.workersPctPerStream})`
  );
}

/**
 * The lowest cpu_vs_werift the identical packaging allows: mediasoup's ffmpeg share over werift's whole figure (what
 * the ratio would be if mediasoup's own part cost nothing), and the engines' own parts compared alone.
 */
export function floorLine(werift: CpuBreakdown, mediasoup: CpuBreakdown, target = 0.5): string {
  const weriftWhole = werift.ffmpegPctPerStream + werift.sfuPctPerStream;
  const floor = mediasoup.ffmpegPctPerStream / weriftWhole;
  const sfuRatio = werift.sfuPctPerStream > 0 ? mediasoup.sfuPctPerStream / werift.sfuPctPerStream : null;
  return (
    `cpu_vs_werift floor with the same packaging: mediasoup's ffmpeg ${mediasoup.ffmpegPctPerStream} / werift's whole ` +
    `${weriftWhole.toFixed(2)} = ${floor.toFixed(2)} (${floor > target ? `above ${target}: not reachable by the SFU alone` : `below ${target}`}); ` +
    `SFU parts alone, mediasoup / werift: ${sfuRatio === null ? '-' : sfuRatio.toFixed(2)}`
  );
}
