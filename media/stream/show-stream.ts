import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { IngestSession } from '../engine/ingest-engine';
import type { MediaLogger } from '../media-logger';
import { ffmpegRestarts } from '../media-metrics';
import { FfmpegHlsPackager } from '../packager/ffmpeg-hls-packager';
import type { LivePlaylistHub } from '../packager/live-playlist-hub';

export type ShowStreamState = 'starting' | 'live' | 'reconnecting' | 'resuming' | 'ended';

type ShowStreamEvents = {
  live: [];
  reconnecting: [];
  resumed: [];
  ended: [];
  /** The publisher left before the show ever went live: nothing to announce, nothing to replay. */
  abandoned: [];
};

export interface ShowStreamOptions {
  showId: string;
  hlsDir: string;
  ffmpegPath: string;
  segmentSeconds: number;
  /** LL-HLS part target (seconds). */
  partSeconds: number;
  /** Seconds of segments in the live playlist; the replay written at the end has them all. */
  liveWindowSeconds: number;
  livePlaylists: LivePlaylistHub;
  keyframeIntervalMs: number;
  reconnectGraceMs: number;
  /** A publisher that produces no segment within this time counts as lost. */
  startTimeoutMs: number;
  logger: MediaLogger;
}

// The life of one show's stream: starting -> live <-> reconnecting/resuming -> ended.
// It owns the packager and the current publisher session; the media service owns the map of them.
export class ShowStream extends EventEmitter<ShowStreamEvents> {
  readonly showId: string;
  #options: ShowStreamOptions;
  #packager: FfmpegHlsPackager;
  #session: IngestSession | null = null;
  #state: ShowStreamState = 'starting';
  #wentLive = false;
  #graceTimer: NodeJS.Timeout | null = null;
  #startTimer: NodeJS.Timeout | null = null;
  #keyframeTimer: NodeJS.Timeout;
  #ending: Promise<void> | null = null;

  private constructor(options: ShowStreamOptions, packager: FfmpegHlsPackager) {
    super();
    this.showId = options.showId;
    this.#options = options;
    this.#packager = packager;
    // Remux can only cut a segment at a keyframe and browsers send almost none unless asked.
    this.#keyframeTimer = this.#startKeyframeTimer();
    // The run's first segment starts at this keyframe; re-phasing keeps it one interval long.
    packager.on('listening', () => this.#restartKeyframeTimer());
    packager.on('restarted', (run) => {
      ffmpegRestarts.inc();
      this.#log('warn', `ffmpeg restarted (run ${run}), playlist continues`);
    });
    packager.on('segment-ready', () => this.#onSegmentReady());
    packager.on('failed', (error) => {
      this.#log('error', error.message);
      void this.end();
    });
  }

  static async create(options: ShowStreamOptions): Promise<ShowStream> {
    const packager = await FfmpegHlsPackager.create({
      showId: options.showId,
      outDir: path.join(options.hlsDir, options.showId),
      ffmpegPath: options.ffmpegPath,
      segmentSeconds: options.segmentSeconds,
      partSeconds: options.partSeconds,
      liveWindowSeconds: options.liveWindowSeconds,
      livePlaylists: options.livePlaylists,
      logger: options.logger,
    });
    return new ShowStream(options, packager);
  }

  get state(): ShowStreamState {
    return this.#state;
  }

  get sessionId(): string | null {
    return this.#session?.id ?? null;
  }

  get ffmpegPid(): number | null {
    return this.#packager.pid;
  }

  get playlistPath(): string {
    return this.#packager.playlistPath;
  }

  /**
   * A show found live when this process started (the previous one stopped without ending it): wait for the
   * publisher as after a drop; if it does not come back within the grace period, end the show and write its
   * replay from the runs on disk.
   */
  awaitReturnAfterRestart(): void {
    if (this.#state !== 'starting' || this.#session) return;
    this.#wentLive = true;
    this.#state = 'reconnecting';
    this.#log('warn', `live when this process started, waiting ${this.#options.reconnectGraceMs} ms for the publisher`);
    this.emit('reconnecting');
    this.#graceTimer = setTimeout(() => void this.end(), this.#options.reconnectGraceMs);
  }

  /** True while a publisher is attached (a second one must be refused). */
  get hasPublisher(): boolean {
    return this.#session !== null;
  }

  /** Attach the first publisher, or a returning one during the grace period. */
  async attach(session: IngestSession): Promise<void> {
    if (this.#state === 'ended' || this.#session) throw new Error(`cannot attach in state ${this.#state}`);
    this.#clearTimer('grace');
    this.#session = session;
    if (this.#state === 'reconnecting') this.#state = 'resuming';
    session.onStateChange((state) => {
      if (this.#session !== session) return;
      if (state === 'connected') {
        this.#log('info', `publisher ${session.id} connected`);
        this.#restartKeyframeTimer();
      }
      if (state === 'disconnected') void this.#publisherLost('disconnected');
    });
    this.#startTimer = setTimeout(
      () => void this.#publisherLost(`no segment within ${this.#options.startTimeoutMs} ms`),
      this.#options.startTimeoutMs,
    );
    await session.forwardTo(this.#packager.sink);
    // Answer the publisher without waiting for ffmpeg (~0.5 s to start): ICE and DTLS run while it
    // starts, and the keyframe requested when it listens replaces any packets it missed.
    this.#packager.start(session.video, session.audio).catch((error: Error) => {
      this.#log('error', `packager failed to start: ${error.message}`);
      if (this.#session === session) void this.#publisherLost('packager failed to start');
    });
    this.#log('info', `publisher ${session.id} attached (${this.#state})`);
  }

  #startKeyframeTimer(): NodeJS.Timeout {
    return setInterval(() => this.#session?.requestKeyframe(), this.#options.keyframeIntervalMs);
  }

  /**
   * Keyframes land on the timer's phase. Aligning it with the publisher's first frame (itself a
   * keyframe) keeps the first segment one interval long instead of up to two.
   */
  #restartKeyframeTimer(): void {
    clearInterval(this.#keyframeTimer);
    this.#session?.requestKeyframe();
    this.#keyframeTimer = this.#startKeyframeTimer();
  }

  #onSegmentReady(): void {
    this.#clearTimer('start');
    if (this.#state === 'starting') {
      this.#state = 'live';
      this.#wentLive = true;
      this.#log('info', 'live');
      this.emit('live');
    } else if (this.#state === 'resuming') {
      this.#state = 'live';
      this.#log('info', 'resumed');
      this.emit('resumed');
    }
  }

  async #publisherLost(reason: string): Promise<void> {
    const session = this.#session;
    if (!session || this.#state === 'ended') return;
    this.#clearTimer('start');
    this.#session = null;
    // Why, for the logs: a publisher that left (ICE/DTLS down) or went silent (no RTP for the inactivity limit).
    void session
      .stats()
      .then((stats) =>
        this.#log(
          'warn',
          `publisher ${session.id} lost (${reason}; ${stats.videoPackets} video packets, last ${stats.msSinceLastPacket ?? '-'} ms ago)`,
        ),
      )
      .catch(() => {});
    // Enter `reconnecting` before any await: a publisher that returns while the old packager stops must
    // find the stream reconnecting, so that it resumes (and the grace timer is cleared) instead of
    // attaching as `live` and being ended by a grace timer started after it.
    if (this.#wentLive) {
      this.#state = 'reconnecting';
      this.#log('warn', `publisher lost, waiting ${this.#options.reconnectGraceMs} ms for it to return`);
      this.emit('reconnecting');
      this.#graceTimer = setTimeout(() => void this.end(), this.#options.reconnectGraceMs);
    }
    await this.#packager.stop();
    await session.close();
    if (!this.#wentLive) {
      this.#log('warn', 'publisher lost before going live');
      this.#ending = this.#teardown();
      await this.#ending;
      this.emit('abandoned');
    }
  }

  /** The publisher ended the show (WHIP DELETE) or the grace period ran out. Idempotent. */
  end(): Promise<void> {
    this.#ending ??= this.#end();
    return this.#ending;
  }

  async #end(): Promise<void> {
    const wentLive = this.#wentLive;
    await this.#teardown();
    if (!wentLive) {
      this.emit('abandoned');
      return;
    }
    // The live playlist's URL becomes the replay: every segment of every run, VOD, ENDLIST.
    const written = await this.#packager.writeReplay().catch((error: Error) => {
      this.#log('error', `replay playlist not written: ${error.message}`);
      return false;
    });
    this.#log('info', written ? 'ended, replay playlist written' : 'ended without a segment to replay');
    this.emit('ended');
  }

  async #teardown(): Promise<void> {
    this.#state = 'ended';
    this.#clearTimer('grace');
    this.#clearTimer('start');
    clearInterval(this.#keyframeTimer);
    const session = this.#session;
    this.#session = null;
    // Packager first: ffmpeg only sees SIGINT while packets still arrive (see FfmpegHlsPackager.stop).
    await this.#packager.close();
    await session?.close();
  }

  #clearTimer(which: 'grace' | 'start'): void {
    const timer = which === 'grace' ? this.#graceTimer : this.#startTimer;
    if (timer) clearTimeout(timer);
    if (which === 'grace') this.#graceTimer = null;
    else this.#startTimer = null;
  }

  #log(level: keyof MediaLogger, message: string): void {
    this.#options.logger[level](`[showId:${this.showId}] ${message}`);
  }
}
