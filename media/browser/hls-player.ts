// hls.js player with low-latency live settings; native HLS where the browser has it (Safari, iOS).
// The Hls class is passed in so this works with `import Hls from 'hls.js'` and with a script tag.
import type HlsType from 'hls.js';
import type { HlsConfig } from 'hls.js';
import { endLiveStreamAtEndList } from './ended-live-stream';
import { startLiveCatchUp } from './live-catch-up';

export interface HlsPlayerOptions {
  Hls: typeof HlsType;
  video: HTMLVideoElement;
  src: string;
  /**
   * Seconds behind the live edge to hold. Default 0.6: three of the media service's 0.2 s LL-HLS parts, its
   * PART-HOLD-BACK (hls.js would use that on its own, but then allows no bound on latency: see below).
   */
  liveSyncSeconds?: number;
  onFatalError?: (message: string) => void;
  config?: Partial<HlsConfig>;
}

export interface HlsPlayer {
  readonly native: boolean;
  /** Seconds behind the live edge, null when unknown (native playback, VOD). */
  latency(): number | null;
  /**
   * The wall-clock time (EXT-X-PROGRAM-DATE-TIME) of the frame on screen now, null before the first one or when the
   * stream carries no program date time: the clock that commerce cues are applied on.
   */
  playingDate(): Date | null;
  destroy(): void;
}

export function createHlsPlayer(options: HlsPlayerOptions): HlsPlayer {
  const { Hls, video, src } = options;
  const liveSync = options.liveSyncSeconds ?? 0.6;
  if (!Hls.isSupported() && video.canPlayType('application/vnd.apple.mpegurl')) {
    video.src = src;
    void video.play().catch(() => {});
    return {
      native: true,
      latency: () => null,
      playingDate: () => {
        // Safari exposes the playlist's program date time as the start date of the media timeline.
        const start = (video as HTMLVideoElement & { getStartDate?: () => Date }).getStartDate?.();
        const at = start ? start.getTime() + video.currentTime * 1000 : Number.NaN;
        return Number.isFinite(at) ? new Date(at) : null;
      },
      destroy: () => {
        video.removeAttribute('src');
        video.load();
      },
    };
  }
  const config: Partial<HlsConfig> = {
    // LL-HLS: blocking playlist reloads, parts, and a start at the independent part nearest the hold.
    lowLatencyMode: true,
    liveSyncDuration: liveSync,
    // Further behind than this hls.js jumps to the live edge at its next reload. It only speeds playback up while
    // it has more than 1 s buffered, i.e. never at a 0.6 s hold: past the hold by a keyframe interval and a bit,
    // one visible skip beats staying seconds late after a stall.
    liveMaxLatencyDuration: liveSync + 1.2,
    // hls.js's rate catch-up only acts with more than 1 s buffered: ours (live-catch-up.ts) replaces it.
    maxLiveSyncPlaybackRate: 1,
    // hls.js adds a whole second of target latency per stall by default (capped at one target
    // duration); a resolution ramp-up at the start of a show stalls once and would keep every
    // viewer a second further behind for the rest of the show.
    liveSyncOnStallIncrease: 0.1,
    backBufferLength: 30,
    maxBufferLength: 10,
    manifestLoadPolicy: {
      default: {
        maxTimeToFirstByteMs: 5000,
        maxLoadTimeMs: 10000,
        timeoutRetry: { maxNumRetry: 4, retryDelayMs: 0, maxRetryDelayMs: 0 },
        // The playlist 404s for a moment while a show goes live: keep retrying quickly.
        errorRetry: { maxNumRetry: 30, retryDelayMs: 500, maxRetryDelayMs: 2000 },
      },
    },
    // Blocking reloads answer 503 when the part does not come within 3 target durations (a publisher reconnecting):
    // keep asking rather than fail the level.
    playlistLoadPolicy: {
      default: {
        maxTimeToFirstByteMs: 10_000,
        maxLoadTimeMs: 20_000,
        timeoutRetry: { maxNumRetry: 4, retryDelayMs: 0, maxRetryDelayMs: 0 },
        errorRetry: { maxNumRetry: 60, retryDelayMs: 250, maxRetryDelayMs: 1000 },
      },
    },
    ...options.config,
  };
  let hls: HlsType | null = null;
  let destroyed = false;
  let lastMediaRecovery = 0;
  let reloads = 0;

  // Decoder errors happen (a damaged frame after packet loss, a decoder the browser cannot
  // allocate): recover the media pipeline once, and if it fails again soon, start over.
  const start = (): void => {
    const instance = new Hls(config);
    hls = instance;
    const recover = (kind: 'network' | 'media' | 'other', details: string): void => {
      if (destroyed || hls !== instance) return;
      if (kind === 'network') {
        setTimeout(() => {
          if (hls === instance) instance.startLoad();
        }, 1000);
      } else if (kind === 'media' && Date.now() - lastMediaRecovery > 5000) {
        lastMediaRecovery = Date.now();
        instance.recoverMediaError();
      } else if (reloads++ < 10) {
        hls = null;
        instance.destroy();
        setTimeout(() => {
          if (!destroyed) start();
        }, 500);
      } else {
        options.onFatalError?.(details);
      }
    };
    instance.on(Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal) return;
      const kind =
        data.type === Hls.ErrorTypes.NETWORK_ERROR
          ? 'network'
          : data.type === Hls.ErrorTypes.MEDIA_ERROR
            ? 'media'
            : 'other';
      recover(kind, data.details);
    });
    // A decoder error on the element itself does not always reach hls.js as a fatal error.
    const onVideoError = (): void => recover('media', video.error?.message ?? 'video element error');
    video.addEventListener('error', onVideoError);
    instance.on(Hls.Events.DESTROYING, () => video.removeEventListener('error', onVideoError));
    instance.on(Hls.Events.DESTROYING, endLiveStreamAtEndList(Hls, instance, video));
    instance.on(Hls.Events.MANIFEST_PARSED, () => {
      void video.play().catch(() => {});
    });
    instance.loadSource(src);
    instance.attachMedia(video);
  };
  start();
  const stopCatchUp = startLiveCatchUp(video, {
    latency: () => (hls && Number.isFinite(hls.latency) ? hls.latency : null),
    targetLatency: () => (hls?.latestLevelDetails?.live ? hls.targetLatency : null),
  });
  return {
    native: false,
    latency: () => (hls && Number.isFinite(hls.latency) ? hls.latency : null),
    playingDate: () => hls?.playingDate ?? null,
    destroy: () => {
      destroyed = true;
      stopCatchUp();
      hls?.destroy();
    },
  };
}
