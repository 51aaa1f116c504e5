import { closeSync, fstatSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { MediaLogger } from '../media-logger';
import { parsePlaylist, type HlsSegment } from './hls-playlist';
import { tsVideoSeconds } from './ts-video-span';
import { appendRunSegments, renderLivePlaylist, renderReplayPlaylist } from './show-playlists';

/** What players load: the live window while the show is live, the replay once it has ended. */
export const PLAYLIST_NAME = 'index.m3u8';
/** ffmpeg's own playlists, one per run, every segment of the run. Not servable (a sub-directory). */
export const RUNS_DIR = 'runs';

const RUN_PLAYLIST = /^r(\d+)\.m3u8$/;
const RUN_SEGMENT = /^r(\d+)-\d+\.(ts|m4s|mp4)$/;
/** Enough of a run playlist's end to hold the entries since the last read (~100 bytes each). */
const TAIL_BYTES = 64 * 1024;

export interface ShowPlaylistWriterOptions {
  outDir: string;
  /** Seconds of segments in the live playlist. */
  liveWindowSeconds: number;
  log: (level: keyof MediaLogger, message: string) => void;
}

/**
 * Publishes a show's playlists from ffmpeg's per-run playlists. Each ffmpeg run writes its full segment list
 * to `runs/r<run>.m3u8` (temp file + rename, so a SIGKILLed ffmpeg leaves a valid list); the show is those
 * runs in order. The files on disk are the only record: a restarted process (or a restarted ffmpeg) picks
 * up where the last one stopped and numbers every segment the same way.
 *
 * `update` is synchronous on purpose: it sits between ffmpeg finishing a segment and players seeing it, and
 * each asynchronous file operation would wait for a turn of an event loop that also relays the publisher's
 * RTP (tens of ms under load, enough for a player's reload to miss the segment and wait another half target
 * duration). It reads a few KB and writes a few KB.
 */
export class ShowPlaylistWriter {
  readonly playlistPath: string;
  #options: ShowPlaylistWriterOptions;
  #runsDir: string;
  /** Every segment of the show so far; index = media sequence number. */
  #show: HlsSegment[] = [];
  /** Segments taken from each run's playlist. */
  #runCounts = new Map<number, number>();
  #lastRunWithSegments = 0;
  #lastRun = 0;
  #replayWritten = false;

  private constructor(options: ShowPlaylistWriterOptions) {
    this.#options = options;
    this.playlistPath = path.join(options.outDir, PLAYLIST_NAME);
    this.#runsDir = path.join(options.outDir, RUNS_DIR);
  }

  /** Loads the runs already on disk (a show resumed by a restarted process). */
  static async open(options: ShowPlaylistWriterOptions): Promise<ShowPlaylistWriter> {
    const writer = new ShowPlaylistWriter(options);
    await mkdir(writer.#runsDir, { recursive: true });
    const runs = runNumbers(await readdir(writer.#runsDir), RUN_PLAYLIST);
    for (const run of runs) writer.#read(run);
    // A run killed before its first playlist write still left segment names behind: never reuse them.
    const segmentRuns = runNumbers(await readdir(options.outDir), RUN_SEGMENT);
    writer.#lastRun = Math.max(0, ...runs, ...segmentRuns);
    if (writer.#show.length > 0)
      options.log('info', `continuing after run ${writer.#lastRun} (${writer.#show.length} segments)`);
    return writer;
  }

  get segmentCount(): number {
    return this.#show.length;
  }

  /** Reserves the next run number: segment names carry it, so they are never reused in this show. */
  nextRun(): number {
    this.#lastRun += 1;
    return this.#lastRun;
  }

  runPlaylistPath(run: number): string {
    return path.join(this.#runsDir, `r${run}.m3u8`);
  }

  /** Reads the run's playlist and republishes the live playlist if it grew. Returns the run's segment count. */
  update(run: number): number {
    const before = this.#show.length;
    const count = this.#read(run);
    if (this.#show.length > before && !this.#replayWritten) {
      this.#publish(renderLivePlaylist(this.#show, this.#options.liveWindowSeconds));
    }
    return count;
  }

  /**
   * Writes the replay (every segment of every run, VOD, ENDLIST) in place of the live playlist, so the URL
   * players already have becomes the replay. Call once ffmpeg has stopped. False when the show has no segment.
   */
  async writeReplay(): Promise<boolean> {
    if (this.#lastRun > 0) this.#read(this.#lastRun);
    if (this.#show.length === 0) return false;
    if (!this.#replayWritten) {
      this.#measureRunEnds();
      this.#publish(renderReplayPlaylist(this.#show));
    }
    this.#replayWritten = true;
    await this.#removeTempFiles();
    return true;
  }

  #read(run: number): number {
    const known = this.#runCounts.get(run) ?? 0;
    const last = this.#lastRunWithSegments === run ? this.#show.at(-1)?.uri : undefined;
    const added = readNewSegments(this.runPlaylistPath(run), known, last);
    if (added.length === 0) return known;
    if (run < this.#lastRunWithSegments) {
      // Never happens in order (a run's last write precedes the next run's first segment); numbering must not move.
      this.#options.log(
        'warn',
        `run ${run} grew after run ${this.#lastRunWithSegments} started; ${added.length} segments left out`,
      );
      return known;
    }
    appendRunSegments(this.#show, added, known === 0);
    this.#runCounts.set(run, known + added.length);
    this.#lastRunWithSegments = run;
    return known + added.length;
  }

  /** Each run's last segment gets the duration of the video it holds (ffmpeg lists it as ~0 s: ts-video-span.ts). */
  #measureRunEnds(): void {
    this.#show.forEach((segment, index) => {
      const next = this.#show[index + 1];
      if (next && !next.discontinuity) return;
      const seconds = tsVideoSeconds(path.join(this.#options.outDir, segment.uri));
      if (seconds !== null && seconds > segment.duration + 0.001) this.#show[index] = { ...segment, duration: seconds };
    });
  }

  #publish(text: string): void {
    const temp = `${this.playlistPath}.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, this.playlistPath); // players never see a half-written playlist
  }

  /** A SIGKILLed ffmpeg leaves its unfinished segment as `*.tmp`; nothing will ever list it. */
  async #removeTempFiles(): Promise<void> {
    for (const dir of [this.#options.outDir, this.#runsDir]) {
      const names = await readdir(dir).catch(() => [] as string[]);
      await Promise.all(
        names.filter((name) => name.endsWith('.tmp')).map((name) => rm(path.join(dir, name), { force: true })),
      );
    }
  }
}

/**
 * The segments after the `known` ones already taken (none when the file is missing). A run's playlist grows
 * by one entry per segment and reaches 7,200 entries in an hour: read its end and parse what follows the
 * last known segment; the whole file only when that segment is not in the end.
 */
function readNewSegments(file: string, known: number, lastKnownUri: string | undefined): HlsSegment[] {
  if (known > 0 && lastKnownUri) {
    const tail = readTail(file);
    if (tail === null) return [];
    const marker = `\n${lastKnownUri}\n`;
    const at = tail.lastIndexOf(marker);
    if (at !== -1) return parsePlaylist(tail.slice(at + marker.length)).segments;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return parsePlaylist(text).segments.slice(known);
}

function readTail(file: string): string | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function runNumbers(names: string[], pattern: RegExp): number[] {
  const runs = new Set<number>();
  for (const name of names) {
    const match = pattern.exec(name);
    if (match) runs.add(Number(match[1]));
  }
  return [...runs].sort((a, b) => a - b);
}
