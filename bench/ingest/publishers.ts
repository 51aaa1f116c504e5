import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Page } from 'playwright-core';
import type { LaunchedChromium } from '../../media/test-support/chromium';

/** What the publishers' video is: fps null when the encoder picks its own rate (Chromium's fake camera, ~20 fps here). */
export interface PublishedVideo {
  resolution: string;
  fps: number | null;
}

export interface Publishers {
  sends: PublishedVideo;
  /** Processes that carry the publishers' own work, when they are separate (for the CPU report). */
  pids: number[];
  /** NACKs the server sent for video so far and the packets resent for them, where the publisher can tell. */
  retransmissions(): Promise<{ nacks: number; resent: number } | null>;
  stop(): Promise<void>;
}

export async function startChromiumPublishers(
  browser: LaunchedChromium,
  baseUrl: string,
  keys: string[],
): Promise<Publishers> {
  const pages: Page[] = [];
  for (const key of keys) {
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl}/test/publisher.html`);
    const result = await page.evaluate((k) => (window as any).startPublishing(k), key);
    if (!result.ok) throw new Error(`publisher ${key} failed: ${JSON.stringify(result)}`);
    pages.push(page);
  }
  return {
    sends: { resolution: '1280x720', fps: null },
    pids: [],
    retransmissions: async () => null,
    async stop() {
      await Promise.all(pages.map((page) => page.evaluate(() => (window as any).stopPublishing()).catch(() => {})));
    },
  };
}

const CLIP: PublishedVideo = { resolution: '1280x720', fps: 30 };

/** 720p30 H.264 baseline, keyframe every 0.5 s, SPS/PPS in band (the RTP muxer would otherwise keep them out of band). */
async function encodeClip(dir: string, video: PublishedVideo): Promise<string> {
  const clip = path.join(dir, `clip-${video.resolution}.mkv`);
  const ffmpeg = spawn(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=${video.resolution}:rate=${video.fps}`,
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000',
      '-t',
      '10',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-profile:v',
      'baseline',
      '-level',
      '3.1',
      '-pix_fmt',
      'yuv420p',
      '-g',
      '15',
      '-keyint_min',
      '15',
      '-sc_threshold',
      '0',
      '-b:v',
      '2M',
      '-maxrate',
      '2M',
      '-bufsize',
      '1M',
      '-x264-params',
      'repeat-headers=1',
      '-c:a',
      'libopus',
      '-b:a',
      '64k',
      '-ac',
      '2',
      clip,
    ],
    { stdio: 'inherit' },
  );
  const [code] = await once(ffmpeg, 'exit');
  if (code !== 0) throw new Error(`clip encode failed (${code})`);
  return clip;
}

/**
 * Shows per publisher process. Each publisher is on its own machine in reality; here one werift process encrypting
 * 16 720p streams (about 3,700 packets a second) was starved on the loaded 2-core machine until its peers timed out
 * and the server saw the publishers leave (every show lost at 16, on both engines). Several processes get their
 * fair share of the cores like the node under test does.
 */
const SHOWS_PER_PROCESS = 4;

/** `video`: a smaller picture where the run is about the platform around the media (tests/topology), not ingest cost. */
export async function startSyntheticPublishers(
  whipUrl: string,
  keys: string[],
  video: PublishedVideo = CLIP,
): Promise<Publishers> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'livecart-ingest-'));
  const clip = await encodeClip(dir, video);
  const groups = Array.from({ length: Math.ceil(keys.length / SHOWS_PER_PROCESS) }, (_, i) =>
    keys.slice(i * SHOWS_PER_PROCESS, (i + 1) * SHOWS_PER_PROCESS),
  );
  const children = await Promise.all(groups.map((group) => startPublisherProcess(whipUrl, clip, group)));
  return {
    sends: video,
    pids: children.map((child) => child.pid),
    async retransmissions() {
      const all = await Promise.all(children.map((child) => child.retransmissions()));
      return all.reduce((sum, r) => ({ nacks: sum.nacks + r.nacks, resent: sum.resent + r.resent }), {
        nacks: 0,
        resent: 0,
      });
    },
    async stop() {
      await Promise.all(children.map((child) => child.stop()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function startPublisherProcess(whipUrl: string, clip: string, keys: string[]) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'synthetic-publishers.ts'), whipUrl, clip, ...keys],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const nextLine = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      const onLine = (line: string) => {
        if (!line.startsWith(prefix)) return;
        lines.off('line', onLine);
        resolve(line.slice(prefix.length));
      };
      lines.on('line', onLine);
      child.once('exit', (code) => reject(new Error(`synthetic publishers exited (${code})`)));
    });
  await nextLine('ready');
  return {
    pid: child.pid!,
    async retransmissions(): Promise<{ nacks: number; resent: number }> {
      const stats = nextLine('stats ');
      child.stdin!.write('stats\n');
      return JSON.parse(await stats);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
