import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { EngineSelector, type EngineChoice, type EngineHealth } from './engine/engine-selector';
import type { IngestEngine } from './engine/ingest-engine';
import { MediasoupEngine } from './engine/mediasoup/mediasoup-engine';
import { WeriftEngine } from './engine/werift/werift-engine';
import { HLS_URL_PREFIX, registerHlsRoutes } from './http/hls-routes';
import { registerWhipRoutes } from './http/whip-routes';
import type { MediaEventListener, MediaEventName } from './media-events';
import { silentLogger, type MediaLogger } from './media-logger';
import { LivePlaylistHub } from './packager/live-playlist-hub';
import type { PublisherAuthPort } from './publisher-auth-port';
import { StreamRegistry } from './stream/stream-registry';

export interface MediaServiceOptions {
  /** Directory for playlists and segments, one sub-directory per show (also the replay store). */
  hlsDir: string;
  publisherAuth: PublisherAuthPort;
  /** An engine made by the caller (contract tests); otherwise `engineChoice` picks and owns one. */
  engine?: IngestEngine;
  /** `MEDIA_ENGINE`. auto (default): mediasoup once its worker exists, werift until then and if it cannot start. */
  engineChoice?: EngineChoice;
  /** Default: MEDIASOUP_WORKER_BIN, else the worker mediasoup's own install put in node_modules. */
  mediasoupWorkerBin?: string;
  /** The address publishers reach this node at (mediasoup then listens on 0.0.0.0); default every local IPv4. */
  announcedAddress?: string;
  /** UDP ports WebRTC ingest uses, on either engine (open them in the firewall). */
  rtcPortRange?: [number, number];
  /** How long a dropped publisher may take to come back before the show ends. */
  reconnectGraceMs?: number;
  /**
   * How often to request a keyframe; also the HLS segment length. Default 500 ms: players join and
   * resume at a keyframe, so it bounds how far behind a new viewer starts (LL-HLS parts, not
   * segments, set the live latency), at the cost of two keyframes a second in the host's upload.
   */
  keyframeIntervalMs?: number;
  /** LL-HLS part target in seconds (default 0.2): players hold PART-HOLD-BACK, 3 parts, behind the live edge. */
  partSeconds?: number;
  /**
   * Seconds of segments in the live playlist (default 15). Players reload it every segment, so it stays
   * small however long the show; the replay written when the show ends keeps every segment.
   */
  liveWindowSeconds?: number;
  ffmpegPath?: string;
  logger?: MediaLogger;
  /** Only used by the default engine: restrict ICE to 127.0.0.1 (tests, benchmarks). */
  loopbackOnly?: boolean;
}

export interface MediaHealth extends Omit<EngineHealth, 'ok'> {
  ok: boolean;
  activeStreams: number;
  ffmpeg: boolean;
}

export interface MediaService {
  registerRoutes(app: FastifyInstance): void;
  on<E extends MediaEventName>(event: E, listener: MediaEventListener<E>): () => void;
  health(): MediaHealth;
  /** ffmpeg pid of a live show (benchmarks, diagnostics). */
  packagerPid(showId: string): number | null;
  /** Resolves with the engine name once the chosen engine takes shows; rejects when it cannot start. */
  engineReady(): Promise<string>;
  /** mediasoup worker pids (benchmarks count them as the ingest path; werift runs in this process). */
  sfuProcessIds(): number[];
  /**
   * At boot: shows the platform still has as live. Those packaged on this node wait for their publisher for the
   * grace period, then end with a replay (`stream:ended`). Returns the ids taken over.
   */
  resumeInterrupted(showIds: string[]): Promise<string[]>;
  close(): Promise<void>;
}

// The one composition root of the media service: engine, packager settings, routes and events.
export function createMediaService(options: MediaServiceOptions): MediaService {
  const ffmpegPath = options.ffmpegPath ?? 'ffmpeg';
  const ffmpegAvailable = spawnSync(ffmpegPath, ['-version'], { stdio: 'ignore' }).status === 0;
  const logger = options.logger ?? silentLogger;
  const keyframeIntervalMs = options.keyframeIntervalMs ?? 500;
  const loopbackOnly = options.loopbackOnly ?? false;
  const selector = options.engine
    ? null
    : new EngineSelector({
        choice: options.engineChoice ?? 'auto',
        workerBin:
          options.mediasoupWorkerBin ??
          process.env.MEDIASOUP_WORKER_BIN ??
          path.resolve('node_modules/mediasoup/worker/out/Release/mediasoup-worker'),
        // Started now (certificate generation) so the first go-live does not pay for it.
        startWerift: () =>
          WeriftEngine.create({
            loopbackOnly,
            icePortRange: options.rtcPortRange,
            announcedAddresses: options.announcedAddress ? [options.announcedAddress] : undefined,
          }),
        startMediasoup: (workerBin) =>
          MediasoupEngine.create({
            workerBin,
            loopbackOnly,
            announcedAddress: options.announcedAddress,
            rtcPortRange: options.rtcPortRange,
            logger,
          }),
        logger,
      });
  const engine: IngestEngine = options.engine ?? selector!;
  const engineHealth = (): EngineHealth =>
    selector?.health() ?? {
      ok: true,
      engine: engine.name === 'mediasoup' ? 'mediasoup' : 'werift',
      mediasoupWorker: engine instanceof MediasoupEngine ? 'ready' : 'not used',
    };
  const livePlaylists = new LivePlaylistHub();
  const registry = new StreamRegistry({
    engine,
    publisherAuth: options.publisherAuth,
    hlsDir: options.hlsDir,
    hlsUrlPrefix: HLS_URL_PREFIX,
    ffmpegPath,
    // ffmpeg cuts at the first keyframe at least hls_time after the last cut. Keyframes arrive
    // every interval give or take network jitter; a threshold of exactly one interval would skip
    // every keyframe that arrives a little early and double that segment (players then stall).
    segmentSeconds: (keyframeIntervalMs / 1000) * 0.8,
    partSeconds: options.partSeconds ?? 0.2,
    livePlaylists,
    liveWindowSeconds: options.liveWindowSeconds ?? 15,
    keyframeIntervalMs,
    reconnectGraceMs: options.reconnectGraceMs ?? 30_000,
    startTimeoutMs: 15_000,
    logger,
  });
  let closing: Promise<void> | null = null;

  return {
    registerRoutes(app) {
      registerWhipRoutes(app, registry);
      registerHlsRoutes(app, options.hlsDir, livePlaylists);
    },
    on(event, listener) {
      // Node's EventEmitter generics cannot follow a generic key; the MediaEvents map is the contract.
      registry.on(event, listener as never);
      return () => registry.off(event, listener as never);
    },
    health() {
      const { ok, ...engineState } = engineHealth();
      return {
        ok: ok && ffmpegAvailable && closing === null,
        activeStreams: registry.activeStreams,
        ffmpeg: ffmpegAvailable,
        ...engineState,
      };
    },
    packagerPid(showId) {
      return registry.stream(showId)?.ffmpegPid ?? null;
    },
    async engineReady() {
      return selector ? selector.ready() : engine.name;
    },
    sfuProcessIds() {
      if (selector) return selector.sfuProcessIds();
      return engine instanceof MediasoupEngine ? engine.workerPids() : [];
    },
    resumeInterrupted(showIds) {
      return registry.resumeInterrupted(showIds);
    },
    close() {
      closing ??= (async () => {
        await registry.close();
        await selector?.close();
      })();
      return closing;
    },
  };
}
