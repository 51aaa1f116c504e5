import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ForwardedCodec, RtpSink } from '../engine/ingest-engine';
import type { MediaLogger } from '../media-logger';
import { buildPackagerArgs } from './ffmpeg-args';
import type { LivePlaylistHub } from './live-playlist-hub';
import { LlHlsRun } from './ll-hls-run';
import { buildPackagerSdp } from './rtp-sdp';
import { ShowPlaylistWriter } from './show-playlist-writer';
import { allocateRtpPortPair, isUdpPortBound } from './udp-ports';

export interface PackagerOptions {
  showId: string;
  outDir: string;
  ffmpegPath: string;
  segmentSeconds: number;
  /** LL-HLS part target (seconds): ffmpeg writes one fMP4 fragment per part. */
  partSeconds: number;
  /** Seconds of segments in the live playlist (the replay keeps them all). */
  liveWindowSeconds: number;
  /** Where blocking playlist reloads wait for this show's parts. */
  livePlaylists: LivePlaylistHub;
  logger: MediaLogger;
}

type PackagerEvents = {
  /** ffmpeg has bound its ports: the moment to ask the publisher for a keyframe. */
  listening: [run: number];
  /** The first segment of a run is in the live playlist: players can (re)start. */
  'segment-ready': [run: number];
  /** ffmpeg died unexpectedly and was started again. */
  restarted: [run: number];
  /** ffmpeg keeps dying; the show cannot be packaged. */
  failed: [error: Error];
};

const MAX_RESTARTS_PER_MINUTE = 5;
// A run that starts mid-stream sees slices before the first SPS/PPS; the keyframe we request fixes it.
const EXPECTED_STDERR =
  /non-existing PPS|decode_slice_header error|no frame!|Last message repeated|^\s*\[h264 @ [^\]]+\]\s*$/;

// One show's ffmpeg. A "run" is one ffmpeg process writing fragmented MP4 to its stdout, which an LlHlsRun cuts into
// parts and segments; a new run (after a crash or a publisher reconnect) continues the show's playlists behind an
// EXT-X-DISCONTINUITY (ShowPlaylistWriter).
export class FfmpegHlsPackager extends EventEmitter<PackagerEvents> {
  readonly sink: RtpSink;
  readonly playlistPath: string;
  #options: PackagerOptions;
  #playlists: ShowPlaylistWriter;
  #child: ChildProcess | null = null;
  /** Resolves once the child's output is read to its end and its last segment is in the playlist. */
  #outputEnded: Map<ChildProcess, Promise<void>> = new Map();
  #stopping: { child: ChildProcess; exited: Promise<void> } | null = null;
  #run = 0;
  /** Parts of the current run, and when the last one appeared. */
  #progress = { run: 0, parts: 0, at: 0 };
  #wanted = false;
  #codecs: { video: ForwardedCodec; audio: ForwardedCodec | null } | null = null;
  #restarts: number[] = [];
  /** The last run that announced its first segment. */
  #firstSegmentOf = 0;
  #closed = false;
  #log: (level: keyof MediaLogger, message: string) => void;

  private constructor(
    options: PackagerOptions,
    sink: RtpSink,
    playlists: ShowPlaylistWriter,
    log: (level: keyof MediaLogger, message: string) => void,
  ) {
    super();
    this.#options = options;
    this.sink = sink;
    this.#playlists = playlists;
    this.playlistPath = playlists.playlistPath;
    this.#log = log;
  }

  static async create(options: PackagerOptions): Promise<FfmpegHlsPackager> {
    const log = (level: keyof MediaLogger, message: string): void =>
      options.logger[level](`[showId:${options.showId}] packager: ${message}`);
    await mkdir(options.outDir, { recursive: true });
    const playlists = await ShowPlaylistWriter.open({
      outDir: options.outDir,
      liveWindowSeconds: options.liveWindowSeconds,
      partTargetSeconds: options.partSeconds,
      log,
      onPublish: (snapshot) =>
        snapshot ? options.livePlaylists.publish(options.showId, snapshot) : options.livePlaylists.end(options.showId),
    });
    const videoPort = await allocateRtpPortPair();
    let audioPort = await allocateRtpPortPair();
    while (audioPort === videoPort) audioPort = await allocateRtpPortPair();
    return new FfmpegHlsPackager(options, { ip: '127.0.0.1', videoPort, audioPort }, playlists, log);
  }

  get pid(): number | null {
    return this.#child?.pid ?? null;
  }

  get run(): number {
    return this.#run;
  }

  get running(): boolean {
    return this.#child !== null;
  }

  /** Start a run for these codecs. Resolves once ffmpeg listens (or after a bounded wait). */
  async start(video: ForwardedCodec, audio: ForwardedCodec | null): Promise<void> {
    if (this.#closed) throw new Error('packager closed');
    if (this.#child) await this.stop();
    this.#codecs = { video, audio };
    this.#wanted = true;
    await this.#spawnRun();
  }

  async #spawnRun(): Promise<void> {
    if (!this.#codecs) return;
    const run = this.#playlists.nextRun();
    this.#run = run;
    this.#progress = { run, parts: 0, at: 0 };
    const sdpPath = path.join(this.#options.outDir, 'ingest.sdp');
    await writeFile(sdpPath, buildPackagerSdp(this.sink, this.#codecs.video, this.#codecs.audio));
    const args = buildPackagerArgs({
      sdpPath,
      hasAudio: this.#codecs.audio !== null,
      segmentSeconds: this.#options.segmentSeconds,
      partSeconds: this.#options.partSeconds,
    });
    const child = spawn(this.#options.ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    this.#log('info', `run ${run} started ffmpeg pid ${child.pid}`);
    const output = this.#openRun(run);
    let broken = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      if (broken) return;
      try {
        output.push(chunk);
      } catch (error) {
        // Not what ffmpeg writes: stop this run rather than publish damaged media; the exit restarts it.
        broken = true;
        this.#log('error', `run ${run} output unreadable: ${(error as Error).message}`);
        child.kill('SIGKILL');
      }
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (line.trim() && !EXPECTED_STDERR.test(line)) this.#log('warn', `ffmpeg: ${line.trim()}`);
      }
    });
    child.once('error', (error) => this.#log('error', `ffmpeg failed to spawn: ${error.message}`));
    // 'close' comes after 'exit' once stdout is read to its end: the run's last segment goes into the show before
    // any of the next run's, and stop() resolves only when it is there (the replay then has it, every time).
    const closed = new Promise<void>((resolve) =>
      child.once('close', (code, signal) => {
        if (this.#child === child) this.#child = null;
        this.#log('info', `run ${run} ffmpeg exited code=${code} signal=${signal}`);
        try {
          output.finish();
        } catch (error) {
          this.#log('error', `run ${run} last segment not written: ${(error as Error).message}`);
        }
        this.#playlists.endRun(run);
        resolve();
        if (this.#wanted && !this.#closed) this.#restart();
      }),
    );
    this.#outputEnded.set(child, closed);
    void closed.then(() => this.#outputEnded.delete(child));
    const spawnedAt = Date.now();
    await this.#waitUntilListening(child);
    if (this.#child !== child) return;
    this.#log('info', `run ${run} listening after ${Date.now() - spawnedAt} ms`);
    this.emit('listening', run);
    void this.#watchProgress(run, child);
  }

  /** The run's stdout, cut into parts and segments that go straight into the live playlist. */
  #openRun(run: number): LlHlsRun {
    return new LlHlsRun({
      run,
      outDir: this.#options.outDir,
      runPlaylistPath: this.#playlists.runPlaylistPath(run),
      segmentSeconds: this.#options.segmentSeconds,
      events: {
        part: (part, segment, nextPartUri) => {
          this.#playlists.addPart(run, part, segment, nextPartUri);
          if (this.#progress.run === run) this.#progress = { run, parts: this.#progress.parts + 1, at: Date.now() };
        },
        segment: (segment) => {
          const first = this.#playlists.segmentCount;
          this.#playlists.addSegment(run, segment);
          // A run's first whole segment: players can (re)start.
          if (this.#playlists.segmentCount > first && this.#firstSegmentOf !== run) {
            this.#firstSegmentOf = run;
            this.emit('segment-ready', run);
          }
        },
      },
    });
  }

  #restart(): void {
    const now = Date.now();
    this.#restarts = [...this.#restarts.filter((t) => now - t < 60_000), now];
    if (this.#restarts.length > MAX_RESTARTS_PER_MINUTE) {
      this.#wanted = false;
      this.emit('failed', new Error('ffmpeg exited too often'));
      return;
    }
    setTimeout(() => {
      if (!this.#wanted || this.#closed || this.#child) return;
      this.#spawnRun()
        .then(() => this.emit('restarted', this.#run))
        .catch((error: Error) => {
          this.#log('error', `restart failed: ${error.message}`);
        });
    }, 200);
  }

  async #waitUntilListening(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && this.#child === child) {
      if (await isUdpPortBound(this.sink.videoPort)) return;
      await sleep(30);
    }
  }

  /**
   * Logs the run's first part, then watches that parts keep coming: an ffmpeg that stays alive but stops writing
   * (seen with inconsistent RTCP sender reports, which wedge its A/V interleaving) is killed, and the close handler
   * starts a new run.
   */
  async #watchProgress(run: number, child: ChildProcess): Promise<void> {
    const startedAt = Date.now();
    const stallMs = Math.max(5000, this.#options.segmentSeconds * 10_000);
    let announced = false;
    let lastTick = Date.now();
    while (this.#child === child) {
      const { parts, at } = this.#progress;
      // A late tick: this process was starved, and ffmpeg's parts may be waiting unread in its pipe. Judged on
      // the next tick, after they are read (killing an ffmpeg that only lacked CPU costs a restart and a keyframe).
      const now = Date.now();
      const late = now - lastTick > 1000;
      lastTick = now;
      if (parts > 0 && !announced) {
        announced = true;
        this.#log('info', `run ${run} first part after ${at - startedAt} ms`);
      } else if (!late && parts > 0 && now - at > stallMs && this.#child === child) {
        this.#log('warn', `run ${run} wrote no part for ${stallMs} ms, restarting ffmpeg`);
        child.kill('SIGKILL');
        return;
      }
      await sleep(250);
    }
  }

  /**
   * Stop the current run. One SIGINT lets ffmpeg flush its last fragment, but ffmpeg only notices it when a packet
   * arrives, so stop before the publisher's RTP stops when you can. Without packets we SIGKILL after a short wait:
   * every part already read is a file, and the open segment is closed from them (LlHlsRun.finish), so a killed
   * ffmpeg loses at most the fragment it was writing. Resolves once the run's last segment is in the playlist.
   */
  async stop(): Promise<void> {
    this.#wanted = false;
    const child = this.#child;
    if (!child) return;
    const closed = this.#outputEnded.get(child) ?? Promise.resolve();
    if (child.exitCode !== null || child.signalCode !== null) return closed;
    // One SIGINT per ffmpeg: a second one aborts its final write. Overlapping stops (a publisher returning while
    // the previous run is still stopping) wait for the same end.
    if (this.#stopping?.child === child) return this.#stopping.exited;
    this.#stopping = { child, exited: closed };
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 1500);
    await closed;
    clearTimeout(timer);
  }

  /**
   * Writes the replay (every segment of every run) over the live playlist: call after `close()`.
   * False when the show has no segment.
   */
  writeReplay(): Promise<boolean> {
    return this.#playlists.writeReplay();
  }

  /** Idempotent. Stops ffmpeg; the segments stay on disk for the replay. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.stop();
    this.#closed = true;
    this.removeAllListeners();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
