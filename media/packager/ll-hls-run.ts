import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { HlsSegment } from './hls-playlist';
import { type FragmentTrack, Mp4BoxSplitter, type Mp4Track, readFragment, readInitTracks } from './fmp4-boxes';

/** One LL-HLS partial segment: one fMP4 fragment (moof + mdat) of ~PART-TARGET, its own file. */
export interface LlHlsPart {
  uri: string;
  /** Seconds of video. */
  duration: number;
  /** Starts with a keyframe (EXT-X-PART INDEPENDENT=YES). */
  independent: boolean;
}

export interface LlHlsRunEvents {
  /** A part was written; `segment` describes the segment it belongs to (not complete yet). */
  part(part: LlHlsPart, segment: { map: string; programDateTime: string }, nextPartUri: string): void;
  /** A whole segment was written (its parts, concatenated) and listed in the run's playlist. */
  segment(segment: HlsSegment): void;
}

export interface LlHlsRunOptions {
  run: number;
  outDir: string;
  /** The run's own list of whole segments (ours, appended per segment): the durable record of the run. */
  runPlaylistPath: string;
  /** A new segment starts at the first keyframe after this much video. */
  segmentSeconds: number;
  events: LlHlsRunEvents;
  now?: () => number;
}

interface OpenSegment {
  index: number;
  startTicks: number;
  ticks: number;
  programDateTime: string;
  parts: Buffer[];
}

/**
 * One ffmpeg run's fMP4 output (stdout), cut into LL-HLS files. ffmpeg writes `ftyp moov` and then one fragment
 * (`moof mdat`) per ~part target (`-frag_duration`, and a new one at every keyframe: `frag_keyframe`); each fragment
 * becomes a part file the moment it is complete, and a segment closes at the first keyframe after `segmentSeconds`
 * (its file: its parts concatenated). Names carry the run number, so a restarted ffmpeg never overwrites a file CDNs
 * cached as immutable: `r<run>-init.mp4`, parts `r<run>-p<n>.m4s` (numbered through the run, so the preload hint
 * can name the next one before knowing whether it starts a segment), segments `r<run>-<n>.m4s`.
 *
 * Synchronous file calls on purpose (as in ShowPlaylistWriter): a part is ~50 KB and players wait for it.
 */
export class LlHlsRun {
  readonly run: number;
  readonly initUri: string;
  #options: LlHlsRunOptions;
  #splitter = new Mp4BoxSplitter();
  #ftyp: Buffer | null = null;
  #tracks: Mp4Track[] = [];
  #video: Mp4Track | null = null;
  #moof: Buffer | null = null;
  /** Fragments without video (audio before the first frame, or after the last) wait to join the next part. */
  #carry: Buffer[] = [];
  #partCount = 0;
  /** Ticks of a recent video frame: the length given to a last frame ffmpeg wrote without one. */
  #frameTicks = 0;
  #segmentCount = 0;
  #segment: OpenSegment | null = null;
  /** Wall clock (ms) of the first kept frame and its decode time: program date time of every segment. */
  #anchor: { wallMs: number; ticks: number } | null = null;
  #finished = false;

  constructor(options: LlHlsRunOptions) {
    this.#options = options;
    this.run = options.run;
    this.initUri = `r${options.run}-init.mp4`;
  }

  get segments(): number {
    return this.#segmentCount;
  }

  get parts(): number {
    return this.#partCount;
  }

  /** Bytes of ffmpeg's stdout. */
  push(chunk: Buffer): void {
    if (this.#finished) return;
    for (const box of this.#splitter.push(chunk)) {
      if (box.type === 'ftyp') this.#ftyp = Buffer.from(box.bytes);
      else if (box.type === 'moov') this.#writeInit(box.bytes);
      else if (box.type === 'moof') this.#moof = Buffer.from(box.bytes);
      else if (box.type === 'mdat' && this.#moof) {
        const moof = this.#moof;
        this.#moof = null;
        this.#fragment(moof, box.bytes);
      }
      // styp, sidx, mfra (written at the end): nothing players need.
    }
  }

  /**
   * ffmpeg's stdout ended (exit, SIGINT, crash): the open segment becomes the run's last one, so a show's end or a
   * restart loses nothing that was complete. A fragment cut off by a kill is incomplete and dropped. Idempotent.
   */
  finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#closeSegment();
  }

  #writeInit(moov: Buffer): void {
    this.#tracks = readInitTracks({ type: 'moov', bytes: moov });
    this.#video = this.#tracks.find((track) => track.kind === 'video') ?? null;
    if (!this.#video) throw new Error('ffmpeg wrote no video track');
    writeAtomically(
      path.join(this.#options.outDir, this.initUri),
      Buffer.concat([this.#ftyp ?? Buffer.alloc(0), moov]),
    );
  }

  #fragment(moof: Buffer, mdat: Buffer): void {
    const video = this.#video;
    if (!video) return;
    const info: FragmentTrack | undefined = readFragment({ type: 'moof', bytes: moof }, this.#tracks).find(
      (track) => track.trackId === video.id,
    );
    if (info && info.samples > 0) this.#completeLastFrame(moof, info);
    // Still without duration: one frame, from the trex default, which cannot be patched in place. Dropped (a run's
    // last frame): a part of 0 s would stall players at the end of the show.
    if (info && info.samples > 0 && info.duration === 0) return;
    const bytes = Buffer.concat([moof, mdat]);
    if (!info || info.samples === 0) {
      // Audio alone: part of the next part (or dropped before the first keyframe).
      if (this.#segment) this.#carry.push(bytes);
      return;
    }
    if (!this.#segment && !info.startsWithSync) return; // a run starts at a keyframe: earlier frames cannot decode
    this.#anchor ??= {
      wallMs: (this.#options.now ?? Date.now)() - this.#seconds(info.duration) * 1000,
      ticks: info.decodeTime,
    };
    if (info.startsWithSync && this.#segment && this.#seconds(this.#segment.ticks) >= this.#options.segmentSeconds)
      this.#closeSegment();
    if (!this.#segment) {
      this.#segment = {
        index: this.#segmentCount,
        startTicks: info.decodeTime,
        ticks: 0,
        programDateTime: new Date(
          this.#anchor.wallMs + this.#seconds(info.decodeTime - this.#anchor.ticks) * 1000,
        ).toISOString(),
        parts: [],
      };
    }
    const segment = this.#segment;
    const partBytes = this.#carry.length ? Buffer.concat([...this.#carry, bytes]) : bytes;
    this.#carry = [];
    const part: LlHlsPart = {
      uri: this.#partUri(this.#partCount),
      duration: this.#seconds(info.duration),
      independent: info.startsWithSync,
    };
    this.#partCount += 1;
    writeAtomically(path.join(this.#options.outDir, part.uri), partBytes);
    segment.parts.push(partBytes);
    // The segment runs to this fragment's end (decode times, so a gap in the input is counted, not lost).
    segment.ticks = info.decodeTime + info.duration - segment.startTicks;
    this.#options.events.part(
      part,
      { map: this.initUri, programDateTime: segment.programDateTime },
      this.#partUri(this.#partCount),
    );
  }

  /**
   * ffmpeg writes a fragment's last sample with the time to the next packet; the fragment it flushes at the end of
   * its input has no next packet and gets 0. A last frame without duration is not buffered by browsers (the replay
   * then ends short of its duration and never fires `ended`) and makes the run's last segment ~0 s long: give it the
   * length of the frame before (patched in the moof, same size), where the moof holds the field.
   */
  #completeLastFrame(moof: Buffer, info: FragmentTrack): void {
    if (info.lastSampleDuration > 0) {
      this.#frameTicks = info.samples > 1 ? Math.round(info.duration / info.samples) : info.lastSampleDuration;
      return;
    }
    if (info.lastSampleDurationAt === null || this.#frameTicks === 0) return;
    moof.writeUInt32BE(this.#frameTicks, info.lastSampleDurationAt);
    info.duration += this.#frameTicks;
    info.lastSampleDuration = this.#frameTicks;
  }

  #closeSegment(): void {
    const segment = this.#segment;
    this.#segment = null;
    if (!segment || segment.parts.length === 0) return;
    const uri = `r${this.run}-${String(segment.index).padStart(5, '0')}.m4s`;
    writeAtomically(path.join(this.#options.outDir, uri), Buffer.concat(segment.parts));
    const duration = this.#seconds(segment.ticks);
    const entry = `#EXT-X-PROGRAM-DATE-TIME:${segment.programDateTime}\n#EXTINF:${duration.toFixed(6)},\n${uri}\n`;
    const header = segment.index === 0 ? `#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-MAP:URI="${this.initUri}"\n` : '';
    appendFileSync(this.#options.runPlaylistPath, header + entry);
    this.#segmentCount += 1;
    this.#options.events.segment({
      uri,
      duration,
      programDateTime: segment.programDateTime,
      discontinuity: false,
      map: this.initUri,
    });
  }

  #partUri(index: number): string {
    return `r${this.run}-p${String(index).padStart(5, '0')}.m4s`;
  }

  #seconds(ticks: number): number {
    return ticks / (this.#video?.timescale ?? 90_000);
  }
}

/** Players and nginx never see half a file: temp name, then rename. */
function writeAtomically(file: string, data: Buffer): void {
  const temp = `${file}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, file);
}
