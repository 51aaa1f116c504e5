// A network-level live HLS viewer that behaves like our hls.js player without decoding video:
// it reloads the live playlist on hls.js's schedule, downloads every new segment in full as soon
// as it is listed, joins `liveSyncSeconds` behind the live edge and runs a playback clock at 1.0x
// over the media it has downloaded. When the clock reaches the end of the downloaded media the
// viewer stalls, exactly where a real player would show a spinner. Each segment is checked as
// MPEG-TS or, after its init segment, fMP4 (H.264 + AAC, opens with an IDR, timestamps continuous with the previous
// one). It loads whole segments only (no LL-HLS parts or blocking reloads): a conservative viewer.
import { performance } from 'node:perf_hooks';
import { parseLivePlaylist, type LivePlaylist, type PlaylistSegment } from './live-playlist';
import { inspectFmp4Segment } from './fmp4-segment';
import { inspectTsSegment } from './mpegts-segment';

export interface LiveHlsViewerOptions {
  playlistUrl: string;
  /** hls.js liveSyncDuration of our player (media/browser/hls-player.ts default 1.0 s). */
  liveSyncSeconds: number;
  /** `init`: the fMP4 init segment the bytes need in front of them (null for MPEG-TS). */
  onSegment?: (segment: PlaylistSegment, bytes: Buffer, init: Buffer | null) => void;
}

export interface ViewerSnapshot {
  /** performance.now() of the snapshot. */
  at: number;
  started: boolean;
  /** Playback position in media seconds on the playlist's timeline. */
  position: number;
  stalls: number;
  stalledSeconds: number;
  /** Longest single stall so far, the one in progress included. */
  longestStallSeconds: number;
  segments: number;
  bytes: number;
  videoFrames: number;
  mediaSeconds: number;
  /** Seconds between the playback position and the end of the last listed segment. */
  latency: number;
  lastSequence: number | null;
  problems: number;
}

interface KnownSegment extends PlaylistSegment {
  start: number;
  listedAt: number;
}

const PTS_WRAP = 2 ** 33 / 90_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export class LiveHlsViewer {
  readonly problems: Array<{ at: number; what: string }> = [];
  /** Wall ms from a segment's program date time + duration (its last frame's capture) to its first listing seen. */
  readonly listingLags: Array<{ at: number; ms: number }> = [];
  /** Each stall: when it began (performance.now() and epoch ms) and the segment the clock was waiting for. */
  readonly stallLog: Array<{ at: number; epochMs: number; sequence: number | null }> = [];
  readonly #options: LiveHlsViewerOptions;
  readonly #known = new Map<number, KnownSegment>();
  #mediaSequence = -1;
  #targetDuration = 1;
  #lastDuration = 1;
  #merges = 0;
  #liveEdge = 0;
  #nextSequence: number | null = null;
  #started = false;
  #position = 0;
  #bufferedEnd = 0;
  #lastTick = 0;
  #stalled = false;
  #stalls = 0;
  #stalledSeconds = 0;
  #currentStall = 0;
  #longestStall = 0;
  #segments = 0;
  #bytes = 0;
  #videoFrames = 0;
  #mediaSeconds = 0;
  #previous: { sequence: number; pts: number; duration: number; uri: string } | null = null;
  #stopped = false;
  #wake: (() => void) | null = null;

  constructor(options: LiveHlsViewerOptions) {
    this.#options = options;
  }

  run(): Promise<void> {
    return Promise.all([this.#playlistLoop(), this.#segmentLoop()]).then(() => {});
  }

  stop(): void {
    this.#stopped = true;
    this.#wake?.();
  }

  uriOf(sequence: number): string | null {
    return this.#known.get(sequence)?.uri ?? null;
  }

  /** Starts a measurement window: the longest stall is counted again from here. */
  resetLongestStall(): void {
    this.#tick(performance.now());
    this.#currentStall = 0;
    this.#longestStall = 0;
  }

  snapshot(): ViewerSnapshot {
    const at = performance.now();
    this.#tick(at);
    return {
      at,
      started: this.#started,
      position: this.#position,
      stalls: this.#stalls,
      stalledSeconds: this.#stalledSeconds,
      longestStallSeconds: this.#longestStall,
      segments: this.#segments,
      bytes: this.#bytes,
      videoFrames: this.#videoFrames,
      mediaSeconds: this.#mediaSeconds,
      latency: this.#liveEdge - this.#position,
      lastSequence: this.#nextSequence === null ? null : this.#nextSequence - 1,
      problems: this.problems.length,
    };
  }

  #problem(what: string): void {
    this.problems.push({ at: performance.now(), what });
  }

  /** Advances the playback clock to `now`; a clock that runs out of downloaded media stalls. */
  #tick(now: number): void {
    const elapsed = (now - this.#lastTick) / 1000;
    this.#lastTick = now;
    if (!this.#started || elapsed <= 0) return;
    if (this.#stalled) {
      this.#stalledSeconds += elapsed;
      this.#currentStall += elapsed;
      this.#longestStall = Math.max(this.#longestStall, this.#currentStall);
      return;
    }
    const room = this.#bufferedEnd - this.#position;
    if (elapsed <= room) {
      this.#position += elapsed;
    } else {
      this.#position = this.#bufferedEnd;
      this.#stalled = true;
      this.#stalls += 1;
      const startedAgo = elapsed - room;
      this.stallLog.push({
        at: now - 1000 * startedAgo,
        epochMs: Date.now() - 1000 * startedAgo,
        sequence: this.#nextSequence,
      });
      this.#stalledSeconds += elapsed - room;
      this.#currentStall = elapsed - room;
      this.#longestStall = Math.max(this.#longestStall, this.#currentStall);
    }
  }

  #buffered(segment: KnownSegment): void {
    const now = performance.now();
    this.#tick(now);
    const end = segment.start + segment.duration;
    // A segment that could not be downloaded leaves a gap: the player skips it (hls.js nudges
    // over small gaps) but gets no credit for the skipped time.
    if (segment.start > this.#bufferedEnd + 0.001 && this.#position >= this.#bufferedEnd)
      this.#position = segment.start;
    this.#bufferedEnd = end;
    if (!this.#started && end > this.#position) {
      this.#started = true;
      this.#lastTick = now;
    }
    if (this.#stalled && end > this.#position) this.#stalled = false;
  }

  #merge(playlist: LivePlaylist): boolean {
    const now = performance.now();
    if (playlist.mediaSequence < this.#mediaSequence)
      this.#problem(`media sequence went back to ${playlist.mediaSequence}`);
    this.#mediaSequence = playlist.mediaSequence;
    this.#targetDuration = playlist.targetDuration || this.#targetDuration;
    let updated = false;
    let start = 0;
    for (const segment of playlist.segments) {
      const old = this.#known.get(segment.sequence);
      if (old) {
        if (old.uri !== segment.uri)
          this.#problem(`segment ${segment.sequence} changed from ${old.uri} to ${segment.uri}`);
        start = old.start + old.duration;
        continue;
      }
      const before = this.#known.get(segment.sequence - 1);
      if (this.#known.size > 0 && !before) this.#problem(`playlist skipped to segment ${segment.sequence}`);
      if (before) start = before.start + before.duration;
      // Every run of the packager after the first starts behind a discontinuity: a restart.
      if (segment.discontinuity) this.#problem(`EXT-X-DISCONTINUITY before ${segment.uri} (packager restarted)`);
      this.#known.set(segment.sequence, { ...segment, start, listedAt: now });
      if (this.#merges > 0 && segment.programDateMs !== null) {
        this.listingLags.push({ at: now, ms: Date.now() - (segment.programDateMs + segment.duration * 1000) });
      }
      start += segment.duration;
      updated = true;
    }
    this.#merges += 1;
    const last = playlist.segments.at(-1);
    if (last) {
      this.#liveEdge = this.#known.get(last.sequence)!.start + last.duration;
      this.#lastDuration = last.duration;
    }
    if (playlist.ended) {
      this.#problem('playlist ended (EXT-X-ENDLIST)');
      this.#stopped = true;
    }
    if (this.#nextSequence === null && last) {
      // Join like hls.js with liveSyncDuration: liveSyncSeconds behind the end of the playlist.
      const join = Math.max(0, this.#liveEdge - this.#options.liveSyncSeconds);
      const first = playlist.segments.find((s) => this.#known.get(s.sequence)!.start + s.duration > join) ?? last;
      this.#nextSequence = first.sequence;
      this.#position = join;
      this.#bufferedEnd = this.#known.get(first.sequence)!.start;
    }
    if (updated) this.#wake?.();
    return updated;
  }

  async #playlistLoop(): Promise<void> {
    let scheduled = performance.now();
    while (!this.#stopped) {
      let updated = false;
      try {
        const response = await fetch(this.#options.playlistUrl, { signal: AbortSignal.timeout(5000) });
        const text = await response.text();
        // The playlist answers 404 for a moment while a show goes live; later it must be there.
        if (response.ok) updated = this.#merge(parseLivePlaylist(text));
        else if (this.#known.size > 0) this.#problem(`playlist HTTP ${response.status}`);
      } catch (error) {
        this.#problem(`playlist: ${(error as Error).message}`);
      }
      // hls.js's schedule (computeReloadInterval): the last segment's duration after an update
      // near the live edge, half the target duration after a miss, phase-locked to the first load.
      const interval = 1000 * (updated ? Math.min(this.#lastDuration, this.#targetDuration) : this.#targetDuration / 2);
      const now = performance.now();
      scheduled = scheduled + interval < now ? now : scheduled + interval;
      await sleep(scheduled - now);
    }
    this.#wake?.();
  }

  async #segmentLoop(): Promise<void> {
    while (!this.#stopped) {
      const segment = this.#nextSequence === null ? undefined : this.#known.get(this.#nextSequence);
      if (!segment) {
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        this.#wake = null;
        continue;
      }
      const bytes = await this.#download(segment);
      if (this.#stopped) break;
      if (bytes) this.#check(segment, bytes, await this.#init(segment));
      this.#buffered(segment);
      this.#nextSequence = segment.sequence + 1;
    }
  }

  async #download(segment: KnownSegment): Promise<Buffer | null> {
    const url = new URL(segment.uri, this.#options.playlistUrl);
    for (let attempt = 1; attempt <= 3 && !this.#stopped; attempt++) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
        const bytes = Buffer.from(await response.arrayBuffer());
        if (response.ok) return bytes;
        this.#problem(`${segment.uri}: HTTP ${response.status} (attempt ${attempt})`);
      } catch (error) {
        this.#problem(`${segment.uri}: ${(error as Error).message} (attempt ${attempt})`);
      }
    }
    return null;
  }

  /** Init segments by URI: one per ffmpeg run. */
  #inits = new Map<string, Promise<Buffer | null>>();

  #init(segment: KnownSegment): Promise<Buffer | null> {
    if (!segment.map) return Promise.resolve(null);
    let init = this.#inits.get(segment.map);
    if (!init) {
      init = this.#download({ ...segment, uri: segment.map });
      this.#inits.set(segment.map, init);
    }
    return init;
  }

  #check(segment: KnownSegment, bytes: Buffer, init: Buffer | null): void {
    if (segment.map && !init) this.#problem(`${segment.uri}: its init segment ${segment.map} could not be loaded`);
    const info = init ? inspectFmp4Segment(init, bytes) : inspectTsSegment(bytes);
    this.#segments += 1;
    this.#bytes += bytes.length;
    this.#videoFrames += info.videoFrames;
    this.#mediaSeconds += segment.duration;
    if (info.problem) this.#problem(`${segment.uri}: ${info.problem}`);
    if (info.videoCodec !== 'h264') this.#problem(`${segment.uri}: video ${info.videoCodec ?? 'missing'}`);
    if (info.audioCodec !== 'aac') this.#problem(`${segment.uri}: audio ${info.audioCodec ?? 'missing'}`);
    if (!info.hasParameterSets) this.#problem(`${segment.uri}: no SPS/PPS before the first frame`);
    if (info.continuityErrors > 0) this.#problem(`${segment.uri}: ${info.continuityErrors} continuity counter errors`);
    const previous = this.#previous;
    // Across a discontinuity (already a problem of its own) timestamps start over by design.
    if (
      previous &&
      info.firstVideoPts !== null &&
      previous.sequence === segment.sequence - 1 &&
      !segment.discontinuity
    ) {
      const step = (info.firstVideoPts - previous.pts + PTS_WRAP) % PTS_WRAP;
      if (Math.abs(step - previous.duration) > 0.1) {
        this.#problem(
          `video timestamps move ${step.toFixed(3)} s from ${previous.uri} (EXTINF ${previous.duration}) to ${segment.uri}`,
        );
      }
    }
    this.#previous =
      info.firstVideoPts === null
        ? null
        : { sequence: segment.sequence, pts: info.firstVideoPts, duration: segment.duration, uri: segment.uri };
    this.#options.onSegment?.(segment, bytes, init);
  }
}
