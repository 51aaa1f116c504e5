// N concurrent live shows on this machine, each with one hls.js viewer. Measures the CPU of the
// ingest path (werift in this process + one ffmpeg per show) and checks that every viewer plays.
// Final line is JSON (see issue 3, item 9). The publishers and viewers run in one local Chromium,
// which itself needs most of the CPU (software H.264 encode and decode): a real deployment has them
// on other machines, so the ingest-path figure is what scales.
// Usage: npx tsx bench/ingest/run.ts [--streams 8] [--seconds 20]
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../media/test-support/chromium';
import { startMediaTestServer, waitFor } from '../../media/test-support/media-test-server';
import { ownCpuSeconds, processCpuSeconds } from '../latency/process-cpu';
import { startChromiumPublishers, startSyntheticPublishers } from './publishers';

const { values: args } = parseArgs({
  options: {
    streams: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '20' },
    // synthetic: werift + ffmpeg WHIP publishers in a child process (cheap, like OBS with a file);
    // chromium: one fake-camera tab per show (Chromium's encoders then need most of 2 cores).
    publisher: { type: 'string', default: 'synthetic' },
  },
});
const streams = Number(args.streams);
const seconds = Number(args.seconds);
type Playback = { currentTime: number; frames: number; stalls: number; resolution: string };

const server = await startMediaTestServer();
const browser = await launchChromium();
try {
  const keys = Array.from({ length: streams }, (_, i) => `ingest-key-${i}`);
  keys.forEach((key, i) => server.auth.grant(key, `bench-ingest-${i}`));
  const publishers = args.publisher === 'chromium'
    ? await startChromiumPublishers(browser, server.baseUrl, keys)
    : await startSyntheticPublishers(`${server.baseUrl}/api/media/whip`, keys);
  const liveCount = () => new Set(server.events.filter((e) => e.name === 'stream:live').map((e) => e.payload.showId)).size;
  await waitFor(() => liveCount() === streams, 30_000, `${streams} shows live`).catch(() => {});
  const live = liveCount();

  // One tab per viewer: in one tab, Chromium (headless, no GPU) failed to decode more than a
  // couple of 720p videos at once (PIPELINE_ERROR_DECODE on data other tabs decoded fine).
  const viewers: Page[] = [];
  for (let i = 0; i < streams; i++) {
    const page = await browser.context.newPage();
    await page.goto(`${server.baseUrl}/test/player.html`);
    await page.evaluate((src) => (window as any).addPlayer(src), `/hls/bench-ingest-${i}/index.m3u8`);
    viewers.push(page);
  }
  const playback = (page: Page): Promise<Playback> => page.evaluate(() => (window as any).playbackOf(0));
  await waitFor(async () => (await Promise.all(viewers.map(playback))).every((p) => p.frames > 0), 20_000, 'all viewers')
    .catch(() => {});

  const pids = Array.from({ length: streams }, (_, i) => server.media.packagerPid(`bench-ingest-${i}`));
  const cpuOf = () => Promise.all(pids.map((pid) => (pid ? processCpuSeconds(pid) : null)));
  const publisherCpu = async () => (publishers.pid ? (await processCpuSeconds(publishers.pid)) ?? 0 : 0);
  const start = {
    at: Date.now(), ffmpeg: await cpuOf(), node: ownCpuSeconds(), publishers: await publisherCpu(),
    playback: await Promise.all(viewers.map(playback)),
  };
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const wall = (Date.now() - start.at) / 1000;
  const ffmpegEnd = await cpuOf();
  // An ffmpeg that was restarted (or a show that reconnected) has a new pid: count it as a failure.
  const samePid = pids.map((pid, i) => pid !== null && server.media.packagerPid(`bench-ingest-${i}`) === pid);
  const ffmpeg = ffmpegEnd.reduce<number>((sum, value, i) => sum + (samePid[i] ? (value ?? 0) - (start.ffmpeg[i] ?? 0) : 0), 0);
  const measured = samePid.filter(Boolean).length;
  const node = ownCpuSeconds() - start.node;
  const publisherShare = (await publisherCpu()) - start.publishers;
  const end = await Promise.all(viewers.map(playback));
  if (process.env.BENCH_TRACE === '1') console.error(JSON.stringify({ start: start.playback, end }));

  // Playing = the viewer's clock advanced at 0.7x to 1.5x real time (a player that restarted and
  // jumped to the live edge does not count) and frames kept decoding.
  const advanced = end.map((p, i) => p.currentTime - start.playback[i]!.currentTime);
  const playing = end.map((p, i) => samePid[i] && advanced[i]! > 0.7 * wall && advanced[i]! < 1.5 * wall
    && p.frames > start.playback[i]!.frames);
  console.error(`${live}/${streams} live; ffmpeg ${(100 * ffmpeg / wall / Math.max(measured, 1)).toFixed(1)} % per stream (${measured} measured), node (werift + bench client) ` +
    `${(100 * node / wall).toFixed(1)} % of one core; viewers advanced ${advanced.map((a) => a.toFixed(1)).join(' ')} s ` +
    `in ${wall.toFixed(1)} s; publishers (not ingest) ${(100 * publisherShare / wall).toFixed(1)} %; stalls ${end.map((p) => p.stalls).join(' ')}; resolutions ${end.map((p) => p.resolution).join(' ')}`);
  await publishers.stop();
  console.log(JSON.stringify({
    streams,
    // Per stream, in percent of one core: this process's werift share plus that stream's ffmpeg.
    cpu_pct_per_stream: Number((100 * (node / streams + ffmpeg / Math.max(measured, 1)) / wall).toFixed(1)),
    all_playing: live === streams && playing.every(Boolean),
  }));
} finally {
  await browser.close();
  await server.close();
}
