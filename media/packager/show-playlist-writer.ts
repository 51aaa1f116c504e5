import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { MediaLogger } from '../media-logger';
import { type HlsSegment, parsePlaylist } from './hls-playlist';
import type { LivePlaylistSnapshot } from './live-playlist-hub';
import type { LlHlsPart } from './ll-hls-run';
import {
  appendRunSegments,
  type PendingSegment,
  partFits,
  renderLivePlaylist,
  renderReplayPlaylist,
  targetDuration,
} from './show-playlists';

/** What players load: the live window while the show is live, the replay once it has ended. */
export const PLAYLIST_NAME = 'index.m3u8';
/** Each run's list of whole segments (LlHlsRun appends to it). Not servable (a sub-directory). */
export const RUNS_DIR = 'runs';

const RUN_PLAYLIST = /^r(\d+)\.m3u8$/;
/** Anything a run wrote: init, parts and segments (old shows: MPEG-TS segments). */
const RUN_FILE = /^r(\d+)-(init|p?\d+)\.(ts|m4s|mp4)$/;
const PART_FILE = /^r\d+-p\d+\.m4s$/;
/** Part files are deleted once their segment is this many segments behind the live edge (players long past them). */
const PART_FILES_KEPT_SEGMENTS = 40;
/**
 * After the show ends, part files stay this long for players finishing the live stream: as long as the blocking
 * reload hub hands them the ended live window, which lists parts (LivePlaylistHub's ENDED_KEPT_MS).
 */
const PART_FILES_GRACE_MS = 60_000;

export interface ShowPlaylistWriterOptions {
  outDir: string;
  /** Seconds of segments in the live playlist. */
  liveWindowSeconds: number;
  /** EXT-X-PART-INF PART-TARGET (seconds). */
  partTargetSeconds: number;
  log: (level: keyof MediaLogger, message: string) => void;
  /** Called after each live playlist write (the blocking-reload hub), and with null once the replay replaced it. */
  onPublish?: (snapshot: LivePlaylistSnapshot | null) => void;
}

/**
 * Publishes a show's live playlist (LL-HLS: segments, recent parts, preload hint) as the runs' LlHlsRun hand it
 * parts and segments, and the replay at the end. Each run also appends its whole segments to `runs/r<run>.m3u8`;
 * the show is those runs in order. Those files are the only durable record: a restarted process picks up where the
 * last one stopped and numbers every segment the same way.
 *
 * Synchronous on purpose: it sits between a part being written and players seeing it, and each asynchronous file
 * operation would wait for a turn of an event loop that also relays the publisher's RTP (tens of ms under load). It
 * writes a few KB.
 */
export class ShowPlaylistWriter {
  readonly playlistPath: string;
  #options: ShowPlaylistWriterOptions;
  #runsDir: string;
  /** Every segment of the show so far; index = media sequence number. */
  #show: HlsSegment[] = [];
  /** Parts of recent whole segments, by media sequence number. */
  #parts = new Map<number, LlHlsPart[]>();
  /** The segment being written; `listable` false once one of its parts is too long to be listed as a part. */
  #pending: (PendingSegment & { run: number; listable: boolean }) | null = null;
  #preloadHint: string | null = null;
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
    // A run killed before its first segment still left file names behind: never reuse them.
    const fileRuns = runNumbers(await readdir(options.outDir), RUN_FILE);
    writer.#lastRun = Math.max(0, ...runs, ...fileRuns);
    if (writer.#show.length > 0)
      options.log('info', `continuing after run ${writer.#lastRun} (${writer.#show.length} segments)`);
    return writer;
  }

  get segmentCount(): number {
    return this.#show.length;
  }

  /** Reserves the next run number: file names carry it, so they are never reused in this show. */
  nextRun(): number {
    this.#lastRun += 1;
    return this.#lastRun;
  }

  runPlaylistPath(run: number): string {
    return path.join(this.#runsDir, `r${run}.m3u8`);
  }

  /** A part of the run's segment being written. */
  addPart(run: number, part: LlHlsPart, segment: { map: string; programDateTime: string }, nextPartUri: string): void {
    if (this.#replayWritten || run < this.#lastRunWithSegments) return;
    if (this.#pending?.run !== run) {
      const discontinuity = this.#show.length > 0 && this.#lastRunWithSegments !== run;
      this.#pending = {
        run,
        discontinuity,
        map: segment.map,
        programDateTime: segment.programDateTime,
        parts: [],
        listable: true,
      };
    }
    this.#pending.parts.push(part);
    // A run's first fragment can span a gap in the publisher's frames (0.6 s seen): a part longer than PART-TARGET
    // breaks the playlist's promise, so that segment is listed whole only and players wait for it.
    if (!partFits(part.duration, this.#options.partTargetSeconds)) this.#pending.listable = false;
    this.#preloadHint = nextPartUri;
    this.#publishLive();
  }

  /** The run's segment is whole: it takes the next media sequence number, with the parts it was made of. */
  addSegment(run: number, segment: HlsSegment): void {
    if (this.#replayWritten) return;
    if (run < this.#lastRunWithSegments) {
      // Never happens in order (a run's output is read to its end before the next run starts); numbering must not move.
      this.#options.log(
        'warn',
        `run ${run} grew after run ${this.#lastRunWithSegments} started; ${segment.uri} left out`,
      );
      return;
    }
    const msn = this.#show.length;
    appendRunSegments(this.#show, [segment], this.#lastRunWithSegments !== run);
    this.#lastRunWithSegments = run;
    if (this.#pending?.run === run && this.#pending.listable) this.#parts.set(msn, this.#pending.parts);
    this.#pending = null;
    this.#forgetOldParts(msn);
    this.#publishLive();
  }

  /** The run's output ended (its last segment was added): no part is coming until the next run. */
  endRun(run: number): void {
    if (this.#pending?.run === run) this.#pending = null;
    this.#preloadHint = null;
    if (!this.#replayWritten) this.#publishLive();
  }

  /**
   * Writes the replay (every segment of every run, VOD, ENDLIST) in place of the live playlist, so the URL players
   * load becomes the replay. Call once ffmpeg has stopped. False when the show has no segment.
   *
   * Players already watching (held in a blocking reload) first get the live window they were on with EXT-X-ENDLIST:
   * hls.js plays it to its end. Handed the replay instead, it merges a playlist that now starts at segment 0 into its
   * live timeline, remaps the fMP4 timestamps mid-stream and stalls short of the end (seen on every run).
   */
  async writeReplay(): Promise<boolean> {
    try {
      if (this.#show.length === 0) return false;
      if (!this.#replayWritten) {
        // The ended live window keeps the parts of its last segments: a player that was loading parts carries on
        // with the next one. Given whole segments only there, hls.js reloaded the segments it had half loaded as
        // parts and, now and then, never asked for what came after (stalled short of the end, seen 1 run in 4).
        this.#pending = null;
        this.#preloadHint = null;
        this.#publishLive(true);
        this.#parts.clear(); // the replay lists whole segments; the part files go after the grace below
        this.#publish(renderReplayPlaylist(this.#show));
      }
      this.#replayWritten = true;
      await this.#removeLeftovers();
      // Parts a moment later: a player on the live stream may be fetching one as the show ends.
      setTimeout(() => void this.#removeParts(), PART_FILES_GRACE_MS).unref();
      return true;
    } finally {
      this.#options.onPublish?.(null);
    }
  }

  /** `ended`: to the players held in the hub only (the file becomes the replay right after). */
  #publishLive(ended = false): void {
    if (this.#show.length === 0) return; // players start on whole segments
    const text = renderLivePlaylist(this.#show, this.#options.liveWindowSeconds, {
      partTarget: this.#options.partTargetSeconds,
      bySegment: this.#parts,
      pending: this.#pending?.listable ? this.#pending : null,
      preloadHint: this.#preloadHint,
      ended,
    });
    if (!ended) this.#publish(text);
    this.#options.onPublish?.({
      text,
      lastMsn: this.#show.length - 1,
      pendingParts: this.#pending?.listable ? this.#pending.parts.length : 0,
      targetDuration: targetDuration(this.#show),
      ended,
    });
  }

  /** Part files of old segments: no playlist lists them any more. */
  #forgetOldParts(latestMsn: number): void {
    const old = latestMsn - PART_FILES_KEPT_SEGMENTS;
    const parts = this.#parts.get(old);
    if (!parts) return;
    this.#parts.delete(old);
    for (const part of parts) void rm(path.join(this.#options.outDir, part.uri), { force: true });
  }

  #read(run: number): void {
    let text: string;
    try {
      text = readFileSync(this.runPlaylistPath(run), 'utf8');
    } catch {
      return;
    }
    const added = parsePlaylist(text).segments;
    if (added.length === 0) return;
    appendRunSegments(this.#show, added, true);
    this.#lastRunWithSegments = run;
  }

  #publish(text: string): void {
    const temp = `${this.playlistPath}.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, this.playlistPath); // players never see a half-written playlist
  }

  /** `*.tmp` a killed process left behind. */
  async #removeLeftovers(): Promise<void> {
    await this.#removeFiles((name) => name.endsWith('.tmp'));
  }

  /** Part files: the replay lists whole segments. */
  async #removeParts(): Promise<void> {
    await this.#removeFiles((name) => PART_FILE.test(name));
  }

  async #removeFiles(matches: (name: string) => boolean): Promise<void> {
    for (const dir of [this.#options.outDir, this.#runsDir]) {
      const names = await readdir(dir).catch(() => [] as string[]);
      await Promise.all(names.filter(matches).map((name) => rm(path.join(dir, name), { force: true })));
    }
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
