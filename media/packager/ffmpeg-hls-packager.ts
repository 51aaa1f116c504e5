import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ForwardedCodec, RtpSink } from '../engine/ingest-engine';
import type { MediaLogger } from '../media-logger';
import { buildPackagerArgs, PLAYLIST_NAME } from './ffmpeg-args';
import { readPlaylist } from './hls-playlist';
import { buildPackagerSdp } from './rtp-sdp';
import { allocateRtpPortPair, isUdpPortBound } from './udp-ports';

export interface PackagerOptions {
  showId: string;
  outDir: string;
  ffmpegPath: string;
  segmentSeconds: number;
  logger: MediaLogger;
}

type PackagerEvents = {
  /** ffmpeg has bound its ports: the moment to ask the publisher for a keyframe. */
  listening: [run: number];
  /** The first segment of a run is in the playlist: players can (re)start. */
  'segment-ready': [run: number];
  /** ffmpeg died unexpectedly and was started again. */
  restarted: [run: number];
  /** ffmpeg keeps dying; the show cannot be packaged. */
  failed: [error: Error];
};

const MAX_RESTARTS_PER_MINUTE = 5;
// A run that starts mid-stream sees slices before the first SPS/PPS; the keyframe we request fixes it.
const EXPECTED_STDERR = /non-existing PPS|decode_slice_header error|no frame!|Last message repeated|^\s*\[h264 @ [^\]]+\]\s*$/;

// One show's ffmpeg. A "run" is one ffmpeg process; a new run (after a crash or a publisher
// reconnect) appends to the same playlist behind an EXT-X-DISCONTINUITY.
export class FfmpegHlsPackager extends EventEmitter<PackagerEvents> {
  readonly sink: RtpSink;
  readonly playlistPath: string;
  #options: PackagerOptions;
  #child: ChildProcess | null = null;
  #stopping: { child: ChildProcess; exited: Promise<void> } | null = null;
  #run = 0;
  #wanted = false;
  #codecs: { video: ForwardedCodec; audio: ForwardedCodec | null } | null = null;
  #restarts: number[] = [];
  #closed = false;
  #log: (level: keyof MediaLogger, message: string) => void;

  private constructor(options: PackagerOptions, sink: RtpSink) {
    super();
    this.#options = options;
    this.sink = sink;
    this.playlistPath = path.join(options.outDir, PLAYLIST_NAME);
    this.#log = (level, message) => options.logger[level](`[showId:${options.showId}] packager: ${message}`);
  }

  static async create(options: PackagerOptions): Promise<FfmpegHlsPackager> {
    await mkdir(options.outDir, { recursive: true });
    const videoPort = await allocateRtpPortPair();
    let audioPort = await allocateRtpPortPair();
    while (audioPort === videoPort) audioPort = await allocateRtpPortPair();
    return new FfmpegHlsPackager(options, { ip: '127.0.0.1', videoPort, audioPort });
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
    const run = ++this.#run;
    const sdpPath = path.join(this.#options.outDir, 'ingest.sdp');
    await writeFile(sdpPath, buildPackagerSdp(this.sink, this.#codecs.video, this.#codecs.audio));
    const existing = await readPlaylist(this.playlistPath);
    const args = buildPackagerArgs({
      sdpPath,
      outDir: this.#options.outDir,
      run,
      hasAudio: this.#codecs.audio !== null,
      segmentSeconds: this.#options.segmentSeconds,
      append: (existing?.segments.length ?? 0) > 0,
    });
    const child = spawn(this.#options.ffmpegPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.#child = child;
    this.#log('info', `run ${run} started ffmpeg pid ${child.pid}`);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (line.trim() && !EXPECTED_STDERR.test(line)) this.#log('warn', `ffmpeg: ${line.trim()}`);
      }
    });
    child.once('error', (error) => this.#log('error', `ffmpeg failed to spawn: ${error.message}`));
    child.once('exit', (code, signal) => {
      if (this.#child === child) this.#child = null;
      this.#log('info', `run ${run} ffmpeg exited code=${code} signal=${signal}`);
      if (this.#wanted && !this.#closed) this.#restart();
    });
    const spawnedAt = Date.now();
    await this.#waitUntilListening(child);
    if (this.#child !== child) return;
    this.#log('info', `run ${run} listening after ${Date.now() - spawnedAt} ms`);
    this.emit('listening', run);
    void this.#watchProgress(run, child);
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
      this.#spawnRun().then(() => this.emit('restarted', this.#run)).catch((error: Error) => {
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
   * Announces the run's first segment, then watches that segments keep coming: an ffmpeg that
   * stays alive but stops writing (seen with inconsistent RTCP sender reports, which wedge its
   * A/V interleaving) is killed, and the exit handler starts a new run.
   */
  async #watchProgress(run: number, child: ChildProcess): Promise<void> {
    const prefix = `r${run}-`;
    const startedAt = Date.now();
    const stallMs = Math.max(5000, this.#options.segmentSeconds * 10_000);
    let segments = 0;
    let progressAt = 0;
    while (this.#child === child) {
      const count = (await readPlaylist(this.playlistPath))?.segments.filter((s) => s.startsWith(prefix)).length ?? 0;
      if (count > segments) {
        if (segments === 0) {
          this.#log('info', `run ${run} first segment after ${Date.now() - startedAt} ms`);
          this.emit('segment-ready', run);
        }
        segments = count;
        progressAt = Date.now();
      } else if (segments > 0 && Date.now() - progressAt > stallMs && this.#child === child) {
        this.#log('warn', `run ${run} wrote no segment for ${stallMs} ms, restarting ffmpeg`);
        child.kill('SIGKILL');
        return;
      }
      await sleep(segments === 0 ? 50 : 250);
    }
  }

  /**
   * Stop the current run. One SIGINT lets ffmpeg finish its last segment, but ffmpeg only notices
   * it when a packet arrives, so stop before the publisher's RTP stops when you can. Without
   * packets we SIGKILL after a short wait: segments and playlist are written to temp files and
   * renamed (temp_file), so a killed ffmpeg leaves a valid playlist and loses at most one segment.
   */
  async stop(): Promise<void> {
    this.#wanted = false;
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    // One SIGINT per ffmpeg: a second one aborts its final playlist write. Overlapping stops (a publisher
    // returning while the previous run is still stopping) wait for the same exit.
    if (this.#stopping?.child === child) return this.#stopping.exited;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.#stopping = { child, exited };
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 1500);
    await exited;
    clearTimeout(timer);
  }

  /** Idempotent. Stops ffmpeg; the playlist and segments stay on disk as the replay. */
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
