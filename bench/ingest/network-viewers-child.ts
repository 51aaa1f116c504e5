// Child process of the ingest benchmark: one LiveHlsViewer per show, kept out of the benchmark's
// own process so that process's CPU stays the ingest path's. Talks JSON lines on stdout and takes
// `mark` (measurement window starts) and `end` (window ends: decode what was downloaded, report, exit) on stdin.
// Usage: node --import tsx network-viewers-child.ts '<json NetworkViewersConfig>'
import { appendFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { DiskListingWatch } from './disk-listing-watch';
import { decodeCheck, type DecodeCheck } from './segment-decode';
import { LiveHlsViewer, type ViewerSnapshot } from './live-hls-viewer';
import type { NetworkViewersConfig, NetworkViewerReport } from './network-viewers';

const config = JSON.parse(process.argv[2] ?? '') as NetworkViewersConfig;
// Every segment downloaded in the window is decoded after it, in chunks of about this much media
// (ffprobe decodes 720p30 at several hundred frames a second here, so this costs seconds).
const CHUNK_SECONDS = 5;
const dir = await mkdtemp(path.join(os.tmpdir(), 'livecart-ingest-viewers-'));
const rounded = (value: number | undefined) => (value === undefined ? null : Math.round(value));
const send = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);

interface Stream {
  showId: string;
  viewer: LiveHlsViewer;
  disk: DiskListingWatch;
  done: Promise<void>;
  windowMedia: number;
  chunks: Map<number, { file: string; seconds: number }>;
  mark?: ViewerSnapshot;
}

let recording = false;
const streams: Stream[] = config.showIds.map((showId) => {
  const stream: Stream = { showId, windowMedia: 0, chunks: new Map() } as Stream;
  stream.viewer = new LiveHlsViewer({
    playlistUrl: `${config.baseUrl}/hls/${showId}/index.m3u8`,
    liveSyncSeconds: config.liveSyncSeconds,
    onSegment: (segment, bytes, init) => {
      if (!recording) return;
      const index = Math.floor(stream.windowMedia / CHUNK_SECONDS);
      stream.windowMedia += segment.duration;
      const known = stream.chunks.get(index);
      const chunk = known ?? { file: path.join(dir, `${showId}-${index}.${init ? 'mp4' : 'ts'}`), seconds: 0 };
      // An fMP4 chunk opens with its init segment, as a player appends it.
      if (!known && init) appendFileSync(chunk.file, init);
      appendFileSync(chunk.file, bytes);
      chunk.seconds += segment.duration;
      stream.chunks.set(index, chunk);
    },
  });
  stream.disk = new DiskListingWatch(path.join(config.hlsDir, showId));
  stream.disk.start();
  stream.done = stream.viewer.run();
  return stream;
});

async function decodeChunks(): Promise<Map<string, DecodeCheck[]>> {
  const jobs = streams.flatMap((s) => [...s.chunks.values()].map((chunk) => ({ showId: s.showId, ...chunk })));
  const results = new Map<string, DecodeCheck[]>(streams.map((s) => [s.showId, []]));
  // Two at a time: the machine has two cores and the benchmark's measurement is over by now.
  const next = async (): Promise<void> => {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      results.get(job.showId)!.push(await decodeCheck(job.file, job.seconds, config.expect));
    }
  };
  await Promise.all([next(), next()]);
  return results;
}

async function stallCauses(s: Stream, from: number, to: number): Promise<NetworkViewerReport['stallCauses']> {
  const causes = { notWritten: 0, notListed: 0, notFetched: 0, unknown: 0 };
  for (const stall of s.viewer.stallLog.filter((entry) => entry.at >= from && entry.at <= to)) {
    const uri = stall.sequence === null ? null : s.viewer.uriOf(stall.sequence);
    const written = uri ? (await stat(path.join(config.hlsDir, s.showId, uri)).catch(() => null))?.mtimeMs : undefined;
    const listed = uri ? s.disk.listedAt.get(uri) : undefined;
    if (written === undefined || listed === undefined) causes.unknown += 1;
    else if (written > stall.epochMs) causes.notWritten += 1;
    else if (listed > stall.epochMs) causes.notListed += 1;
    else causes.notFetched += 1;
  }
  return causes;
}

async function report(): Promise<void> {
  const ends = streams.map((s) => s.viewer.snapshot());
  recording = false;
  for (const s of streams) {
    s.viewer.stop();
    s.disk.stop();
  }
  await Promise.race([Promise.all(streams.map((s) => s.done)), new Promise((resolve) => setTimeout(resolve, 12_000))]);
  const decodes = await decodeChunks();
  const reports = await Promise.all(
    streams.map(async (s, i): Promise<NetworkViewerReport> => {
      const start = s.mark!;
      const end = ends[i]!;
      const inWindow = s.viewer.problems.filter((p) => p.at >= start.at && p.at <= end.at).map((p) => p.what);
      const lags = s.viewer.listingLags
        .filter((l) => l.at >= start.at && l.at <= end.at)
        .map((l) => l.ms)
        .sort((a, b) => a - b);
      return {
        showId: s.showId,
        started: start.started,
        wallSeconds: (end.at - start.at) / 1000,
        advancedSeconds: end.position - start.position,
        stalls: end.stalls - start.stalls,
        stalledSeconds: end.stalledSeconds - start.stalledSeconds,
        longestStallSeconds: end.longestStallSeconds,
        stallCauses: await stallCauses(s, start.at, end.at),
        segments: end.segments - start.segments,
        megabits: (8 * (end.bytes - start.bytes)) / 1e6,
        fps: (end.videoFrames - start.videoFrames) / Math.max(end.mediaSeconds - start.mediaSeconds, 1e-9),
        latencySeconds: end.latency,
        listingLagMs: { p50: rounded(lags[Math.floor(lags.length / 2)]), max: rounded(lags.at(-1)) },
        problems: inWindow,
        decodes: decodes.get(s.showId) ?? [],
      };
    }),
  );
  await rm(dir, { recursive: true, force: true });
  send({ type: 'report', streams: reports });
  process.exit(0);
}

// Tell the benchmark once every viewer plays (or after the time it allows for that).
const deadline = Date.now() + config.startTimeoutMs;
while (Date.now() < deadline && !streams.every((s) => s.viewer.snapshot().started)) {
  await new Promise((resolve) => setTimeout(resolve, 100));
}
send({ type: 'started', started: streams.filter((s) => s.viewer.snapshot().started).length });

for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'mark') {
    for (const s of streams) {
      s.viewer.resetLongestStall();
      s.mark = s.viewer.snapshot();
    }
    recording = true;
    send({ type: 'marked' });
  } else if (line === 'end') {
    await report();
  }
}
// stdin closed without `end`: the benchmark is gone.
for (const s of streams) {
  s.viewer.stop();
  s.disk.stop();
}
await rm(dir, { recursive: true, force: true });
process.exit(1);
