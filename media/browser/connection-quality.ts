// Connection quality for the host studio, sampled from RTCPeerConnection.getStats().

export interface QualitySample {
  /** Video send bitrate, kbit/s. */
  bitrateKbps: number;
  fps: number;
  width: number;
  height: number;
  /** Fraction of packets the server reported lost since the previous sample, 0..1. */
  packetLoss: number;
  roundTripMs: number | null;
  /** What holds the encoder back (outbound-rtp qualityLimitationReason); undefined when the browser does not say. */
  limitation?: 'none' | 'bandwidth' | 'cpu' | 'other';
  level: 'good' | 'fair' | 'poor';
}

export function classifyQuality(sample: Omit<QualitySample, 'level'>): QualitySample['level'] {
  // A low bitrate or frame rate the encoder chose freely (a still picture, a dim camera) says nothing about the
  // network: when the browser reports no limitation, grade by loss and round trip only.
  const free = sample.limitation === 'none';
  const rtt = sample.roundTripMs ?? 0;
  if (sample.packetLoss > 0.05 || rtt > 800 || (!free && (sample.bitrateKbps < 300 || sample.fps < 10))) return 'poor';
  if (sample.packetLoss > 0.01 || rtt > 300 || (!free && (sample.bitrateKbps < 800 || sample.fps < 20))) return 'fair';
  return 'good';
}

/** Calls onSample every intervalMs; returns a stop function. getPc may return a new connection after a reconnect. */
export function sampleConnectionQuality(
  getPc: () => RTCPeerConnection | null,
  onSample: (sample: QualitySample) => void,
  intervalMs = 1000,
): () => void {
  let previous: { at: number; bytes: number; packetsSent: number; packetsLost: number } | null = null;
  const tick = async (): Promise<void> => {
    const pc = getPc();
    if (!pc) {
      previous = null;
      return;
    }
    const report = await pc.getStats();
    let outbound: Record<string, unknown> | null = null;
    let remoteInbound: Record<string, unknown> | null = null;
    report.forEach((stat: Record<string, unknown>) => {
      if (stat.type === 'outbound-rtp' && stat.kind === 'video') outbound = stat;
      if (stat.type === 'remote-inbound-rtp' && stat.kind === 'video') remoteInbound = stat;
    });
    if (!outbound) return;
    const out = outbound as Record<string, number>;
    const remote = (remoteInbound ?? {}) as Record<string, number>;
    const now = out.timestamp ?? performance.now();
    const current = {
      at: now,
      bytes: out.bytesSent ?? 0,
      packetsSent: out.packetsSent ?? 0,
      packetsLost: remote.packetsLost ?? 0,
    };
    if (previous) {
      const seconds = Math.max((current.at - previous.at) / 1000, 0.001);
      const sent = current.packetsSent - previous.packetsSent;
      const lost = current.packetsLost - previous.packetsLost;
      const base = {
        bitrateKbps: Math.round(((current.bytes - previous.bytes) * 8) / seconds / 1000),
        fps: out.framesPerSecond ?? 0,
        width: out.frameWidth ?? 0,
        height: out.frameHeight ?? 0,
        packetLoss: sent + lost > 0 ? Math.max(0, lost) / (sent + Math.max(0, lost)) : 0,
        roundTripMs: remote.roundTripTime !== undefined ? Math.round(remote.roundTripTime * 1000) : null,
        limitation: limitationOf((outbound as Record<string, unknown>).qualityLimitationReason),
      };
      onSample({ ...base, level: classifyQuality(base) });
    }
    previous = current;
  };
  const timer = setInterval(() => {
    tick().catch(() => {});
  }, intervalMs);
  return () => clearInterval(timer);
}

function limitationOf(reason: unknown): QualitySample['limitation'] {
  return reason === 'none' || reason === 'bandwidth' || reason === 'cpu' || reason === 'other' ? reason : undefined;
}
