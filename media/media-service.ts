import { spawnSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import type { IngestEngine } from './engine/ingest-engine';
import { WeriftEngine } from './engine/werift/werift-engine';
import { HLS_URL_PREFIX, registerHlsRoutes } from './http/hls-routes';
import { registerWhipRoutes } from './http/whip-routes';
import type { MediaEventListener, MediaEventName } from './media-events';
import { silentLogger, type MediaLogger } from './media-logger';
import type { PublisherAuthPort } from './publisher-auth-port';
import { StreamRegistry } from './stream/stream-registry';

export interface MediaServiceOptions {
  /** Directory for playlists and segments, one sub-directory per show (also the replay store). */
  hlsDir: string;
  publisherAuth: PublisherAuthPort;
  /** Defaults to werift; a mediasoup engine plugs in here in production. */
  engine?: IngestEngine;
  /** How long a dropped publisher may take to come back before the show ends. */
  reconnectGraceMs?: number;
  /**
   * How often to request a keyframe; also the HLS segment length. Default 500 ms: with hls.js
   * holding 1 s behind the live edge this gives ~1.5 s glass to glass (1 s segments: ~2.4 s),
   * at the cost of two keyframes a second in the host's upload.
   */
  keyframeIntervalMs?: number;
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

export interface MediaHealth {
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
  const ownsEngine = options.engine === undefined;
  // Started now (certificate generation) so the first go-live does not pay for it.
  const engineReady = options.engine
    ? Promise.resolve(options.engine)
    : WeriftEngine.create({ loopbackOnly: options.loopbackOnly });
  engineReady.catch((error: Error) => logger.error(`media engine failed to start: ${error.message}`));
  const engine: IngestEngine = {
    name: options.engine?.name ?? 'werift',
    async createSession(input) {
      return (await engineReady).createSession(input);
    },
    async close() {
      await (await engineReady).close();
    },
  };
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
      registerHlsRoutes(app, options.hlsDir);
    },
    on(event, listener) {
      // Node's EventEmitter generics cannot follow a generic key; the MediaEvents map is the contract.
      registry.on(event, listener as never);
      return () => registry.off(event, listener as never);
    },
    health() {
      return { ok: ffmpegAvailable && closing === null, activeStreams: registry.activeStreams, ffmpeg: ffmpegAvailable };
    },
    packagerPid(showId) {
      return registry.stream(showId)?.ffmpegPid ?? null;
    },
    resumeInterrupted(showIds) {
      return registry.resumeInterrupted(showIds);
    },
    close() {
      closing ??= (async () => {
        await registry.close();
        if (ownsEngine) await engine.close();
      })();
      return closing;
    },
  };
}
