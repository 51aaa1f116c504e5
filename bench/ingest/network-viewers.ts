// Starts the network viewers (network-viewers-child.ts) in their own process and drives their
// measurement window. Their CPU is reported apart from the ingest path's.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { PublishedVideo } from './publishers';
import type { DecodeCheck } from './segment-decode';

export interface NetworkViewersConfig {
  baseUrl: string;
  /** Where the packager writes (same machine): only to tell, after the window, why each stall happened. */
  hlsDir: string;
  showIds: string[];
  liveSyncSeconds: number;
  windowSeconds: number;
  startTimeoutMs: number;
  expect: PublishedVideo;
}

export interface NetworkViewerReport {
  showId: string;
  started: boolean;
  wallSeconds: number;
  /** How far the playback clock moved in the window (1.0x playback, so at most wallSeconds). */
  advancedSeconds: number;
  stalls: number;
  stalledSeconds: number;
  longestStallSeconds: number;
  /**
   * Why the stalls happened, from the files on disk: the segment the clock waited for was not written
   * by the packager yet, or not yet in the live playlist (both the ingest path), or listed but not
   * yet fetched and downloaded (polling phase, HTTP, the viewer process).
   */
  stallCauses: { notWritten: number; notListed: number; notFetched: number; unknown: number };
  segments: number;
  megabits: number;
  /** Video access units per second of media, from the downloaded segments. */
  fps: number;
  latencySeconds: number;
  listingLagMs: { p50: number | null; max: number | null };
  problems: string[];
  decodes: DecodeCheck[];
}

export interface NetworkViewers {
  pid: number | null;
  /** Resolves with how many viewers play once all do or the start timeout passed. */
  started: Promise<number>;
  mark(): Promise<void>;
  end(): Promise<NetworkViewerReport[]>;
  kill(): void;
}

export function startNetworkViewers(config: NetworkViewersConfig): NetworkViewers {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'network-viewers-child.ts'), JSON.stringify(config)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const waiting = new Map<string, (message: any) => void>();
  const exited = once(child, 'exit');
  const next = (type: string) =>
    new Promise<any>((resolve, reject) => {
      waiting.set(type, resolve);
      void exited.then(([code]) => reject(new Error(`network viewers exited (${code}) before "${type}"`)));
    });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const message = JSON.parse(line) as { type: string };
    waiting.get(message.type)?.(message);
  });
  const started = next('started').then((m) => m.started as number);
  return {
    pid: child.pid ?? null,
    started,
    async mark() {
      const marked = next('marked');
      child.stdin!.write('mark\n');
      await marked;
    },
    async end() {
      const report = next('report');
      child.stdin!.write('end\n');
      return (await report).streams as NetworkViewerReport[];
    },
    kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
