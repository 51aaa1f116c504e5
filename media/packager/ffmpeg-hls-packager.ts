import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ForwardedCodec, RtpSink } from '../engine/ingest-engine';
import type { MediaLogger } from '../media-logger';
import { buildPackagerArgs } from './ffmpeg-args';
import { buildPackagerSdp } from './rtp-sdp';
import { RUNS_DIR, ShowPlaylistWriter } from './show-playlist-writer';
import { allocateRtpPortPair, isUdpPortBound } from './udp-ports';

export interface PackagerOptions {
  showId: string;
  outDir: string;
  ffmpegPath: string;
  segmentSeconds: number;
  /** Seconds of segments in the live playlist (the replay keeps them all). */
  liveWindowSeconds: number;
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

// One show's ffmpeg. A "run" is one ffmpeg process writing its own playlist; a new run (after a crash or a
// publisher reconnect) continues the show's playlists behind an EXT-X-DISCONTINUITY (ShowPlaylistWriter).
export class FfmpegHlsPackager extends EventEmitter<PackagerEvents> {
  readonly sink: RtpSink;
  readonly playlistPath: string;
  #options: PackagerOptions;
  #playlists: ShowPlaylistWriter;
  #watcher: FSWatcher | null = null;
  #child: ChildProcess | null = null;
  #stopping: { child: ChildProcess; exited: Promise<void> } | null = null;
  #run = 0;
  /** Segments of the current run in the live playlist, and when the last one appeared. */
  #progress = { run: 0, segments: 0, at: 0 };
  #wanted = false;
  #codecs: { video: ForwardedCodec; audio: ForwardedCodec | null } | null = null;
  #restarts: number[] = [];
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
    this.#watchRunPlaylists();
  }

  static async create(options: PackagerOptions): Promise<FfmpegHlsPackager> {
    const log = (level: keyof MediaLogger, message: string): void =>
      options.logger[level](`[showId:${options.showId}] packager: ${message}`);
    await mkdir(options.outDir, { recursive: true });
    const playlists = await ShowPlaylistWriter.open({
      outDir: options.outDir,
      liveWindowSeconds: options.liveWindowSeconds,
      log,
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
    this.#progress = { run, segments: 0, at: 0 };
    const sdpPath = path.join(this.#options.outDir, 'ingest.sdp');
    await writeFile(sdpPath, buildPackagerSdp(this.sink, this.#codecs.video, this.#codecs.audio));
    const args = buildPackagerArgs({
      sdpPath,
      outDir: this.#options.outDir,
      runPlaylistPath: this.#playlists.runPlaylistPath(run),
      run,
      hasAudio: this.#codecs.audio !== null,
      segmentSeconds: this.#options.segmentSeconds,
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
      // Its last segments (written on SIGINT) go into the show before any of the next run's.
      this.#refresh(run);
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
   * ffmpeg renames its run playlist into place after every segment: republish the live playlist at once
   * (a poll would add its interval to every viewer's latency). The progress loop below also refreshes,
   * in case an event is missed or inotify is unavailable.
   */
  #watchRunPlaylists(): void {
    try {
      this.#watcher = watch(path.join(this.#options.outDir, RUNS_DIR), (_event, name) => {
        if (this.#child && name === `r${this.#run}.m3u8`) this.#refresh(this.#run);
      });
      this.#watcher.on('error', (error) => {
        this.#log('warn', `playlist watch failed (${error.message}), polling instead`);
        this.#watcher?.close();
        this.#watcher = null;
      });
    } catch (error) {
      this.#log('warn', `playlist watch unavailable (${(error as Error).message}), polling instead`);
    }
  }

  /** Takes the run's new segments into the live playlist; announces a run's first segment. */
  #refresh(run: number): void {
    let segments = 0;
    try {
      segments = this.#playlists.update(run);
    } catch (error) {
      this.#log('error', `playlist update failed: ${(error as Error).message}`);
    }
    const progress = this.#progress;
    if (progress.run !== run || segments <= progress.segments) return;
    const first = progress.segments === 0;
    this.#progress = { run, segments, at: Date.now() };
    if (first) this.emit('segment-ready', run);
  }

  /**
   * Logs the run's first segment, then watches that segments keep coming: an ffmpeg that stays alive
   * but stops writing (seen with inconsistent RTCP sender reports, which wedge its A/V interleaving)
   * is killed, and the exit handler starts a new run.
   */
  async #watchProgress(run: number, child: ChildProcess): Promise<void> {
    const startedAt = Date.now();
    const stallMs = Math.max(5000, this.#options.segmentSeconds * 10_000);
    let announced = false;
    while (this.#child === child) {
      this.#refresh(run);
      const { segments, at } = this.#progress;
      if (segments > 0 && !announced) {
        announced = true;
        this.#log('info', `run ${run} first segment after ${at - startedAt} ms`);
      } else if (segments > 0 && Date.now() - at > stallMs && this.#child === child) {
        this.#log('warn', `run ${run} wrote no segment for ${stallMs} ms, restarting ffmpeg`);
        child.kill('SIGKILL');
        return;
      }
      await sleep(this.#watcher ? 250 : segments === 0 ? 50 : 100);
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
    this.#watcher?.close();
    this.#watcher = null;
    this.removeAllListeners();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
