// Catch-up for a low-latency live player: play slightly faster while behind the target latency, as long as there is
// buffer to spend. hls.js's own (maxLiveSyncPlaybackRate) only acts with more than 1 s buffered, which a 0.6 s LL-HLS
// hold never has: after a stall a viewer would stay that much later for the rest of the show.

export interface LatencySource {
  /** Seconds behind the live edge now; NaN/null when unknown. */
  latency(): number | null;
  /** Seconds behind the live edge to hold; null when not live. */
  targetLatency(): number | null;
}

const CHECK_MS = 250;
/** Behind by more than this: speed up; back within `SETTLED`: normal speed. */
const BEHIND = 0.15;
const SETTLED = 0.05;
/** Never spend the last of the buffer: a stall costs more than it saves. */
const MIN_AHEAD = 0.25;

export function startLiveCatchUp(video: HTMLVideoElement, source: LatencySource): () => void {
  let catchingUp = false;
  const settle = (): void => {
    if (!catchingUp) return;
    catchingUp = false;
    video.playbackRate = 1;
  };
  const check = (): void => {
    const latency = source.latency();
    const target = source.targetLatency();
    const buffered = video.buffered;
    const ahead = buffered.length ? buffered.end(buffered.length - 1) - video.currentTime : 0;
    const behind = latency === null || target === null || video.paused ? Number.NaN : latency - target;
    // Unknown, paused, not live, back at the hold or short of buffer: normal speed.
    if (!Number.isFinite(behind) || ahead < MIN_AHEAD || behind < SETTLED) {
      settle();
    } else if (behind > BEHIND || catchingUp) {
      catchingUp = true;
      // Up to 8 % unnoticed; 15 % when far behind (pitch is kept by the browser).
      video.playbackRate = behind > 0.6 ? 1.15 : 1.08;
    }
  };
  const timer = setInterval(check, CHECK_MS);
  return () => {
    clearInterval(timer);
    settle();
  };
}
