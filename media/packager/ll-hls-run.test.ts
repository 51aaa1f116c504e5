import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackagerArgs } from './ffmpeg-args';
import { Mp4BoxSplitter, readFragment, readInitTracks } from './fmp4-boxes';
import type { HlsSegment } from './hls-playlist';
import { parsePlaylist } from './hls-playlist';
import { type LlHlsPart, LlHlsRun } from './ll-hls-run';

const ffmpeg = '/usr/bin/ffmpeg';

// ffmpeg's real fragmented MP4 (the packager's own output arguments, from a file instead of RTP): 3 s of 30 fps H.264
// with a keyframe every 15 frames (0.5 s, as the keyframe requests give) and Opus audio made AAC.
describe('LlHlsRun on ffmpeg fMP4 output', () => {
  let dir: string;
  let output: Buffer;
  const parts: Array<LlHlsPart & { segment: string; next: string }> = [];
  const segments: HlsSegment[] = [];

  beforeAll(async () => {
    if (!existsSync(ffmpeg))
      throw new Error('ffmpeg is missing: run "apt-get install -y ffmpeg" (npm test installs it)');
    dir = await mkdtemp(path.join(os.tmpdir(), 'livecart-ll-hls-'));
    const source = path.join(dir, 'source.ts'); // 90 kHz timestamps, as RTP's
    const made = spawnSync(ffmpeg, [
      ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=30'],
      ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '3', '-pix_fmt', 'yuv420p'],
      ...['-c:v', 'libx264', '-profile:v', 'baseline', '-g', '15', '-bf', '0', '-c:a', 'libopus', source],
    ]);
    expect(made.status, made.stderr.toString()).toBe(0);
    const args = buildPackagerArgs({ sdpPath: source, hasAudio: true, segmentSeconds: 0.4, partSeconds: 0.2 });
    args.splice(args.indexOf('-buffer_size'), 2); // a UDP socket option; the input here is a file
    const packaged = spawnSync(ffmpeg, args, { maxBuffer: 64 * 1024 * 1024 });
    expect(packaged.status, packaged.stderr.toString()).toBe(0);
    output = packaged.stdout;
    const out = path.join(dir, 'show');
    await mkdir(path.join(out, 'runs'), { recursive: true });
    const run = new LlHlsRun({
      run: 3,
      outDir: out,
      runPlaylistPath: path.join(out, 'runs', 'r3.m3u8'),
      segmentSeconds: 0.4,
      now: () => Date.parse('2026-06-01T12:00:03.000Z'),
      events: {
        part: (part, segment, next) => parts.push({ ...part, segment: segment.programDateTime, next }),
        segment: (segment) => segments.push(segment),
      },
    });
    // In uneven pieces, as a pipe delivers it.
    for (let at = 0, size = 1; at < output.length; at += size, size = (size * 7 + 13) % 9000) {
      run.push(output.subarray(at, at + size));
    }
    run.finish();
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the init segment and every fragment of the stream', () => {
    const boxes = new Mp4BoxSplitter().push(output);
    expect(boxes.slice(0, 2).map((box) => box.type)).toEqual(['ftyp', 'moov']);
    const tracks = readInitTracks(boxes[1]!);
    expect(tracks.map((track) => track.kind)).toEqual(['video', 'audio']);
    expect(tracks[1]!.timescale).toBe(48000);
    const fragments = boxes.filter((box) => box.type === 'moof').map((box) => readFragment(box, tracks));
    const video = fragments.map((fragment) => fragment.find((track) => track.trackId === tracks[0]!.id)!);
    // Consecutive: each fragment starts where the one before ended (decode time), 90 frames in all.
    video.slice(1).forEach((fragment, i) => {
      expect(fragment.decodeTime).toBe(video[i]!.decodeTime + video[i]!.duration);
    });
    expect(video.reduce((sum, fragment) => sum + fragment.samples, 0)).toBe(90);
    // A keyframe starts every third fragment: 6 + 6 + 3 frames per 0.5 s (the first GOP is cut where the audio
    // that starts with it lets ffmpeg's interleaving flush, 5 + 6 + 4 here).
    expect(video.filter((fragment) => fragment.startsWithSync)).toHaveLength(6);
    expect(video.map((fragment) => fragment.samples).slice(3, 9)).toEqual([6, 6, 3, 6, 6, 3]);
    expect(
      video
        .map((fragment) => fragment.samples)
        .slice(0, 3)
        .reduce((a, b) => a + b),
    ).toBe(15);
  });

  it('writes the init segment and one part file per fragment, of about the part target', async () => {
    const init = await readFile(path.join(dir, 'show', 'r3-init.mp4'));
    expect(init.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(parts.map((part) => part.uri).slice(0, 3)).toEqual(['r3-p00000.m4s', 'r3-p00001.m4s', 'r3-p00002.m4s']);
    expect(parts.every((part) => part.duration > 0 && part.duration <= 0.2 + 1e-6)).toBe(true);
    expect(parts.filter((part) => Math.abs(part.duration - 0.2) < 1e-3).length).toBeGreaterThanOrEqual(10);
    // Every part names the next as its preload hint.
    parts.slice(0, -1).forEach((part, i) => expect(part.next).toBe(parts[i + 1]!.uri));
    for (const part of parts) expect(existsSync(path.join(dir, 'show', part.uri))).toBe(true);
  });

  it('starts each segment at a keyframe part once 0.4 s are in, a segment being its parts', () => {
    expect(segments.map((segment) => segment.uri)).toEqual([
      'r3-00000.m4s',
      'r3-00001.m4s',
      'r3-00002.m4s',
      'r3-00003.m4s',
      'r3-00004.m4s',
      'r3-00005.m4s',
    ]);
    let next = 0;
    for (const segment of segments) {
      const own = parts.filter((part) => part.segment === segment.programDateTime);
      expect(own[0]!.independent).toBe(true);
      expect(own.slice(1).every((part) => !part.independent)).toBe(true);
      expect(own.reduce((sum, part) => sum + part.duration, 0)).toBeCloseTo(segment.duration, 6);
      expect(Math.abs(segment.duration - 0.5)).toBeLessThan(0.05);
      const file = readFileSync(path.join(dir, 'show', segment.uri));
      expect(file.equals(Buffer.concat(own.map((part) => readFileSync(path.join(dir, 'show', part.uri)))))).toBe(true);
      expect(parts.indexOf(own[0]!)).toBe(next); // no part left out between segments
      next += own.length;
    }
    expect(next).toBe(parts.length); // the last segment was closed by finish()
    // Program date time: the first part at the wall clock less its duration, then the media clock.
    expect(Date.parse(segments[0]!.programDateTime!)).toBeCloseTo(
      Date.parse('2026-06-01T12:00:03.000Z') - 1000 * parts[0]!.duration,
      -1,
    );
    segments.slice(1).forEach((segment, i) => {
      const gap = Date.parse(segment.programDateTime!) - Date.parse(segments[i]!.programDateTime!);
      expect(Math.abs(gap - 1000 * segments[i]!.duration)).toBeLessThanOrEqual(1);
    });
  });

  it("appends every segment to the run's list, with its init segment (what a restarted process reads)", () => {
    const list = parsePlaylist(readFileSync(path.join(dir, 'show', 'runs', 'r3.m3u8'), 'utf8'));
    expect(list.segments.map(({ duration, ...rest }) => ({ ...rest, duration: duration.toFixed(6) }))).toEqual(
      segments.map(({ duration, ...rest }) => ({ ...rest, duration: duration.toFixed(6), map: 'r3-init.mp4' })),
    );
  });
});
