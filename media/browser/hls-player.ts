// hls.js player with low-latency live settings; native HLS where the browser has it (Safari, iOS).
// The Hls class is passed in so this works with `import Hls from 'hls.js'` and with a script tag.
import type HlsType from 'hls.js';
import type { HlsConfig } from 'hls.js';

export interface HlsPlayerOptions {
  Hls: typeof HlsType;
  video: HTMLVideoElement;
  src: string;
  /**
   * Seconds behind the live edge to hold (time based: a count of segments doubles latency).
   * Default 1.0, tuned for the media service's default 0.5 s segments; use ~1.5 for 1 s segments.
   */
  liveSyncSeconds?: number;
  onFatalError?: (message: string) => void;
  config?: Partial<HlsConfig>;
}

export interface HlsPlayer {
  readonly native: boolean;
  /** Seconds behind the live edge, null when unknown (native playback, VOD). */
  latency(): number | null;
  destroy(): void;
}

export function createHlsPlayer(options: HlsPlayerOptions): HlsPlayer {
  const { Hls, video, src } = options;
  const liveSync = options.liveSyncSeconds ?? 1.0;
  if (!Hls.isSupported() && video.canPlayType('application/vnd.apple.mpegurl')) {
    video.src = src;
    void video.play().catch(() => {});
    return { native: true, latency: () => null, destroy: () => { video.removeAttribute('src'); video.load(); } };
  }
  const hls = new Hls({
    lowLatencyMode: true,
    liveSyncDuration: liveSync,
    liveMaxLatencyDuration: liveSync + 2.5,
    // Catch up by playing slightly faster instead of jumping when we drift behind.
    maxLiveSyncPlaybackRate: 1.15,
    // hls.js adds a whole second of target latency per stall by default (capped at one target
    // duration); a resolution ramp-up at the start of a show stalls once and would keep every
    // viewer a second further behind for the rest of the show.
    liveSyncOnStallIncrease: 0.25,
    backBufferLength: 30,
    maxBufferLength: 10,
    manifestLoadPolicy: {
      default: {
        maxTimeToFirstByteMs: 5000, maxLoadTimeMs: 10000,
        timeoutRetry: { maxNumRetry: 4, retryDelayMs: 0, maxRetryDelayMs: 0 },
        // The playlist 404s for a moment while a show goes live: keep retrying quickly.
        errorRetry: { maxNumRetry: 30, retryDelayMs: 500, maxRetryDelayMs: 2000 },
      },
    },
    ...options.config,
  });
  let mediaRecoveries = 0;
  hls.on(Hls.Events.ERROR, (_event, data) => {
    if (!data.fatal) return;
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR && mediaRecoveries++ < 3) {
      hls.recoverMediaError();
    } else if (data.type === Hls.ErrorTypes.NETWORK_ERROR) {
      setTimeout(() => hls.startLoad(), 1000);
    } else {
      options.onFatalError?.(data.details);
    }
  });
  hls.on(Hls.Events.MANIFEST_PARSED, () => { void video.play().catch(() => {}); });
  hls.loadSource(src);
  hls.attachMedia(video);
  return {
    native: false,
    latency: () => (Number.isFinite(hls.latency) ? hls.latency : null),
    destroy: () => hls.destroy(),
  };
}
