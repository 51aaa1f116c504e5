// Glass-to-glass latency of one live show: a canvas publisher draws Date.now() as bit blocks, the
// viewer decodes them from the frames it plays. Final line is JSON (see issue 3, item 8).
// Usage: npx tsx bench/latency/run.ts [--seconds 25] [--segment-ms 500] [--live-sync 1.0]
import { parseArgs } from 'node:util';
import { launchChromium } from '../../media/test-support/chromium';
import { startMediaTestServer, waitFor } from '../../media/test-support/media-test-server';
import { ownCpuSeconds, percentile, processCpuSeconds } from './process-cpu';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '25' },
    'segment-ms': { type: 'string', default: '500' },
    'live-sync': { type: 'string', default: '1.0' },
  },
});
const seconds = Number(args.seconds);
const segmentMs = Number(args['segment-ms']);
const liveSync = Number(args['live-sync']);

const server = await startMediaTestServer({ keyframeIntervalMs: segmentMs });
const browser = await launchChromium();
try {
  server.auth.grant('bench-key', 'bench-latency');
  const publisher = await browser.context.newPage();
  await publisher.goto(`${server.baseUrl}/test/publisher.html`);
  const viewer = await browser.context.newPage();
  await viewer.goto(`${server.baseUrl}/test/player.html`);

  // "Go live" click -> WHIP POST; the viewer loads the player when the live event arrives,
  // as the viewer page does when Socket.IO pushes the show's status change.
  await publisher.evaluate(() => (window as any).prepare('clock'));
  const goLiveAt = Date.now();
  const published = await publisher.evaluate(() => (window as any).startPublishing('bench-key', 'clock'));
  if (!published.ok) throw new Error(`publish failed: ${JSON.stringify(published)}`);
  await waitFor(() => server.events.some((e) => e.name === 'stream:live'), 15_000, 'stream:live');
  const liveMs = Date.now() - goLiveAt;
  await viewer.evaluate(([src, sync]) => (window as any).startPlayer(src, sync), ['/hls/bench-latency/index.m3u8', liveSync] as const);
  await waitFor(async () => (await viewer.evaluate(() => (window as any).playback())).frames > 0, 15_000, 'first frame');
  const firstFrameMs = Date.now() - goLiveAt;

  const pid = server.media.packagerPid('bench-latency')!;
  const cpuStart = { ffmpeg: (await processCpuSeconds(pid)) ?? 0, node: ownCpuSeconds(), at: Date.now() };
  const samples: number[] = [];
  let unreadable = 0;
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const reading = await viewer.evaluate(() => (window as any).readClock()) as { encoded: number; now: number } | null;
    const g2g = reading ? reading.now - reading.encoded : Number.NaN;
    if (g2g > 0 && g2g < 20_000) samples.push(g2g);
    else unreadable += 1;
    if (process.env.BENCH_TRACE === '1') console.error(Math.round(g2g), JSON.stringify(await viewer.evaluate(() => (window as any).playback())));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const wall = (Date.now() - cpuStart.at) / 1000;
  const ffmpegCpu = ((await processCpuSeconds(pid)) ?? 0) - cpuStart.ffmpeg;
  const nodeCpu = ownCpuSeconds() - cpuStart.node;
  const playback = await viewer.evaluate(() => (window as any).playback());
  console.error(`segment ${segmentMs} ms, liveSync ${liveSync} s: ${samples.length} readings, ${unreadable} unreadable, ` +
    `ffmpeg ${(100 * ffmpegCpu / wall).toFixed(1)} %, node (werift + bench client) ${(100 * nodeCpu / wall).toFixed(1)} %, ` +
    `video ${playback.width}x${playback.height}, live event after ${liveMs} ms, stalls ${playback.stalls}`);
  await publisher.evaluate(() => (window as any).stopPublishing());
  console.log(JSON.stringify({
    g2g_p50_ms: Math.round(percentile(samples, 50)),
    g2g_p95_ms: Math.round(percentile(samples, 95)),
    first_frame_ms: firstFrameMs,
    cpu_pct_per_stream: Number(((100 * (ffmpegCpu + nodeCpu)) / wall).toFixed(1)),
  }));
} finally {
  await browser.close();
  await server.close();
}
