// Glass-to-glass latency of one live show over LL-HLS (0.2 s parts, blocking playlist reload, hls.js in low-latency
// mode holding 3 parts behind the live edge): a canvas publisher draws Date.now() as bit blocks, the viewer decodes
// them from the frames it plays. One JSON line per engine, mediasoup's last (issue 15 item 6, issue 17 item 7).
// Usage: npx tsx bench/latency/run.ts [--engine both|werift|mediasoup] [--seconds 25] [--segment-ms 500]
//   [--part-ms 200] [--live-sync <seconds behind the live edge; default the player's, 3 parts>]
import { parseArgs } from 'node:util';
import { launchChromium } from '../../media/test-support/chromium';
import { engineOptions, ingestEngines, type IngestEngineName } from '../../media/test-support/ingest-engines';
import { startMediaTestServer, waitFor } from '../../media/test-support/media-test-server';
import { ownCpuSeconds, percentile, processCpuSeconds } from './process-cpu';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'both' },
    seconds: { type: 'string', default: '25' },
    'segment-ms': { type: 'string', default: '500' },
    'part-ms': { type: 'string', default: '200' },
    'live-sync': { type: 'string' },
  },
});
const seconds = Number(args.seconds);
const segmentMs = Number(args['segment-ms']);
const partMs = Number(args['part-ms']);
const liveSync = args['live-sync'] === undefined ? undefined : Number(args['live-sync']);
const engines: IngestEngineName[] = args.engine === 'both' ? [...ingestEngines] : [args.engine as IngestEngineName];
if (!engines.every((name) => ingestEngines.includes(name)))
  throw new Error(`--engine must be both, ${ingestEngines.join(' or ')}`);

const browser = await launchChromium();
try {
  for (const engine of engines) {
    try {
      console.log(JSON.stringify({ engine, ...(await measure(engine)) }));
    } catch (error) {
      console.error(`latency benchmark on ${engine} failed: ${(error as Error).stack ?? error}`);
      console.log(
        JSON.stringify({ engine, g2g_p50_ms: null, g2g_p95_ms: null, first_frame_ms: null, cpu_pct_per_stream: null }),
      );
      process.exitCode = 1;
    }
  }
} finally {
  await browser.close();
}

async function measure(engine: IngestEngineName) {
  const server = await startMediaTestServer({
    keyframeIntervalMs: segmentMs,
    partSeconds: partMs / 1000,
    ...engineOptions(engine),
  });
  try {
    if ((await server.media.engineReady()) !== engine) throw new Error(`${engine} did not start`);
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
    await viewer.evaluate(([src, sync]) => (window as any).startPlayer(src, sync), [
      '/hls/bench-latency/index.m3u8',
      liveSync,
    ] as const);
    await waitFor(
      async () => (await viewer.evaluate(() => (window as any).playback())).frames > 0,
      15_000,
      'first frame',
    );
    const firstFrameMs = Date.now() - goLiveAt;

    const pid = server.media.packagerPid('bench-latency')!;
    // mediasoup's workers are the SFU's own processes; werift runs inside this one.
    const sfuCpu = async () =>
      (await Promise.all(server.media.sfuProcessIds().map(processCpuSeconds))).reduce<number>(
        (sum, v) => sum + (v ?? 0),
        0,
      );
    const cpuStart = {
      ffmpeg: (await processCpuSeconds(pid)) ?? 0,
      node: ownCpuSeconds(),
      sfu: await sfuCpu(),
      at: Date.now(),
    };
    const samples: number[] = [];
    let unreadable = 0;
    const until = Date.now() + seconds * 1000;
    while (Date.now() < until) {
      const reading = (await viewer.evaluate(() => (window as any).readClock())) as {
        encoded: number;
        now: number;
      } | null;
      const g2g = reading ? reading.now - reading.encoded : Number.NaN;
      if (g2g > 0 && g2g < 20_000) samples.push(g2g);
      else unreadable += 1;
      if (process.env.BENCH_TRACE === '1')
        console.error(Math.round(g2g), JSON.stringify(await viewer.evaluate(() => (window as any).playback())));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const wall = (Date.now() - cpuStart.at) / 1000;
    const ffmpegCpu = ((await processCpuSeconds(pid)) ?? 0) - cpuStart.ffmpeg;
    const nodeCpu = ownCpuSeconds() - cpuStart.node + (await sfuCpu()) - cpuStart.sfu;
    const playback = await viewer.evaluate(() => (window as any).playback());
    console.error(
      `${engine}: LL-HLS, segment ${segmentMs} ms, part ${partMs} ms, hold ${liveSync ?? 'default (3 parts)'} s: ${samples.length} readings, ${unreadable} unreadable, ` +
        `ffmpeg ${((100 * ffmpegCpu) / wall).toFixed(1)} %, media process${engine === 'mediasoup' ? ' + mediasoup workers' : ' (werift)'} + bench client ${((100 * nodeCpu) / wall).toFixed(1)} %, ` +
        `video ${playback.width}x${playback.height}, live event after ${liveMs} ms, stalls ${playback.stalls}`,
    );
    await publisher.evaluate(() => (window as any).stopPublishing());
    await Promise.all([publisher.close(), viewer.close()]);
    return {
      g2g_p50_ms: Math.round(percentile(samples, 50)),
      g2g_p95_ms: Math.round(percentile(samples, 95)),
      first_frame_ms: firstFrameMs,
      cpu_pct_per_stream: Number(((100 * (ffmpegCpu + nodeCpu)) / wall).toFixed(1)),
    };
  } finally {
    await server.close();
  }
}
