// N concurrent live shows on this machine, each with a viewer, on each ingest engine in turn. Measures the CPU of the
// ingest path and checks that every show plays for its viewer. One JSON line per engine on stdout, mediasoup's last
// (issue 15, item 6). The ingest path runs in its own process, the media node (media-node.ts: WHIP, the engine, the
// packagers, the live playlists, as ROLE=media runs it); cpu_pct_per_stream = (that process + mediasoup's workers) / N
// + the average show's ffmpeg, the same way for both engines. This process (driver, HLS served to the viewers as nginx
// would), the publishers, the network viewers and Chromium are reported apart.
//
// Viewers: each show has a network viewer (live-hls-viewer.ts, in a child process) that fetches the
// live playlist and every segment like hls.js, plays them on a 1.0x clock and checks them as
// MPEG-TS, with ffprobe decoding every segment downloaded in the window; and hls.js in Chromium watches every show in
// turn, two at a time (chromium-rotation.ts). Eight software H.264 decoders in one headless Chromium
// do not fit 2 cores next to the publishers: that is the benchmark's own load, which a real
// deployment has on other machines, as it has the publishers.
// Usage: npx tsx bench/ingest/run.ts [--engine both|werift|mediasoup] [--streams 8] [--seconds 30]
//        [--publisher synthetic|chromium] [--watch 5] [--chromium-viewers 2]
import { parseArgs } from 'node:util';
import { launchChromium } from '../../media/test-support/chromium';
import { ingestEngines, type IngestEngineName } from '../../media/test-support/ingest-engines';
import { waitFor } from '../../media/test-support/media-test-server';
import { ownCpuSeconds, processCpuSeconds } from '../latency/process-cpu';
import { watchInRotation } from './chromium-rotation';
import { breakdownLine, type CpuBreakdown, cpuBreakdown, floorLine } from './cpu-breakdown';
import { startMediaNode, type MediaNode } from './media-node';
import { startNetworkViewers, type NetworkViewers } from './network-viewers';
import { chromiumFailures, networkFailures } from './playing-verdict';
import { descendantsCpuSeconds, loadAverage, processTreeCpu } from './process-tree-cpu';
import { startChromiumPublishers, startSyntheticPublishers, type Publishers } from './publishers';
import { machineLine, streamLine } from './report-lines';
import { childPids, machineUdpDrops, udpDrops } from './udp-drops';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'both' },
    streams: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '30' },
    // synthetic: werift + ffmpeg WHIP publishers in a child process (cheap, like OBS with a file);
    // chromium: one fake-camera tab per show (Chromium's encoders then need most of 2 cores).
    publisher: { type: 'string', default: 'synthetic' },
    // Seconds each show is watched in Chromium after its first frame, and how many at a time.
    watch: { type: 'string', default: '5' },
    'chromium-viewers': { type: 'string', default: '2' },
  },
});
const streams = Number(args.streams);
const seconds = Number(args.seconds);
// media/browser/hls-player.ts default liveSyncDuration.
const LIVE_SYNC_SECONDS = 1.0;
const engines: IngestEngineName[] = args.engine === 'both' ? [...ingestEngines] : [args.engine as IngestEngineName];
if (!engines.every((name) => ingestEngines.includes(name)))
  throw new Error(`--engine must be both, ${ingestEngines.join(' or ')}`);
// Publishing, the window and Chromium's watch of every show all grow with the number of shows.
const LIMIT_MS = engines.length * (120_000 + 2 * seconds * 1000 + 10_000 * streams);

const showIds = Array.from({ length: streams }, (_, i) => `bench-ingest-${i}`);
const browser = await launchChromium();
let node: MediaNode | null = null;
let publishers: Publishers | null = null;
let viewers: NetworkViewers | null = null;
const stopEngineRun = async (): Promise<void> => {
  viewers?.kill();
  await publishers?.stop().catch(() => {});
  await node?.close();
  viewers = null;
  publishers = null;
  node = null;
};
const cleanUp = async (): Promise<void> => {
  await stopEngineRun();
  await browser.close();
};
// Bounded in time whatever happens: report a failed run and clean up.
const watchdog = setTimeout(() => {
  console.error(`ingest benchmark: no result after ${LIMIT_MS / 1000} s, stopping`);
  console.log(JSON.stringify({ engine: null, streams, cpu_pct_per_stream: null, all_playing: false }));
  void Promise.race([cleanUp(), new Promise((resolve) => setTimeout(resolve, 15_000))]).then(() => process.exit(1));
}, LIMIT_MS);

async function measure(
  engine: IngestEngineName,
): Promise<{ cpuPctPerStream: number | null; allPlaying: boolean; breakdown: CpuBreakdown | null }> {
  node = await startMediaNode(engine);
  if (node.engine !== engine) throw new Error(`${engine} did not start`);
  const current = node;
  const keys = showIds.map((_, i) => `ingest-key-${i}`);
  await Promise.all(keys.map((key, i) => current.grant(key, showIds[i]!)));
  publishers =
    args.publisher === 'chromium'
      ? await startChromiumPublishers(browser, current.baseUrl, keys)
      : await startSyntheticPublishers(current.whipUrl, keys);
  const liveShows = async () => new Set((await current.state()).liveShows);
  await waitFor(async () => (await liveShows()).size === streams, 30_000, `${streams} shows live`).catch(() => {});
  const live = await liveShows();

  viewers = startNetworkViewers({
    baseUrl: current.edgeUrl,
    hlsDir: current.hlsDir,
    showIds,
    liveSyncSeconds: LIVE_SYNC_SECONDS,
    windowSeconds: seconds,
    startTimeoutMs: 20_000,
    expect: publishers.sends,
  });
  const started = await viewers.started;

  const packagerPids = async () => {
    const state = await current.state();
    return {
      pids: showIds.map((id) => state.packagerPids[id] ?? null),
      losses: showIds.map((id) => state.publisherLosses[id] ?? 0),
    };
  };
  const { pids, losses } = await packagerPids();
  const publisherPids = (
    await Promise.all(publishers.pids.map(async (pid) => [pid, ...(await childPids(pid))]))
  ).flat();
  const cpuOf = async (pid: number | null | undefined) => (pid ? ((await processCpuSeconds(pid)) ?? 0) : 0);
  // The ingest path: the media node's process tree, i.e. its own process (werift runs in it; with mediasoup it drives
  // the workers), mediasoup's workers and one ffmpeg per show, restarted ones included (their reaped time).
  // Everything else (this driver, publishers, viewers, Chromium) runs in other processes.
  const sfuPids = (await current.state()).sfuPids;
  const sample = async () => ({
    at: Date.now(),
    ingest: await processTreeCpu(current.pid),
    driver: ownCpuSeconds(),
    publishers: (await Promise.all((publishers?.pids ?? []).map(cpuOf))).reduce((sum, value) => sum + value, 0),
    viewers: await cpuOf(viewers?.pid),
    chromium: await descendantsCpuSeconds(/chrom/i),
    load: await loadAverage(),
    retransmissions: await publishers!.retransmissions(),
    drops: {
      ...(await udpDrops({
        [engine]: [current.pid, ...sfuPids],
        packagers: pids.filter((pid): pid is number => pid !== null),
        publishers: publisherPids,
      })),
      'whole machine': await machineUdpDrops(),
    } as Record<string, number>,
  });
  const start = await sample();
  await viewers.mark();
  const watches = watchInRotation(browser, current.edgeUrl, showIds, {
    concurrent: Number(args['chromium-viewers']),
    watchSeconds: Number(args.watch),
    firstFrameTimeoutMs: 15_000,
    expect: publishers.sends,
  });
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  // The window lasts until every show was watched in Chromium too.
  const watched = await watches;
  const end = await sample();
  const reports = await viewers.end();
  const wall = (end.at - start.at) / 1000;

  // An ffmpeg that was restarted (or a show whose publisher left) has a new pid, or none: a failure, named for
  // what happened (the node saw the publisher leave, or ffmpeg itself was restarted).
  const now = await packagerPids();
  const samePid = pids.map((pid, i) => pid !== null && now.pids[i] === pid);
  const publisherLost = losses.map((count, i) => now.losses[i]! - count);
  // Shows the node packaged at both ends of the window: what the ingest CPU is divided by (a show that never went
  // live, or had no packager at the end, cost next to nothing and would make the others look cheaper).
  const carried = pids.filter((pid, i) => pid !== null && now.pids[i] !== null).length;

  const measured = samePid.filter(Boolean).length;
  const delta = (name: string) => (end.ingest[name] ?? 0) - (start.ingest[name] ?? 0);
  const ingest = Object.keys(end.ingest).reduce((sum, name) => sum + delta(name), 0);
  const ffmpeg = delta('ffmpeg') + delta('reaped');
  const sfu = delta('mediasoup-worke');
  const mediaNode = ingest - ffmpeg - sfu;
  const failures = showIds.map((id, i) => [
    ...(live.has(id) ? [] : ['never went live']),
    ...(publisherLost[i]! > 0 ? [`publisher lost ${publisherLost[i]} time(s)`] : []),
    ...(samePid[i] || publisherLost[i]! > 0 ? [] : ['packager restarted']),
    ...networkFailures(reports[i]!, publishers!.sends.fps),
    ...chromiumFailures(watched[i]),
  ]);
  console.error(
    machineLine({
      live: live.size,
      streams,
      started,
      wall,
      load: { start: start.load, end: end.load },
      cpu: {
        ffmpegPerStream: ffmpeg / Math.max(1, carried),
        restarted: streams - measured,
        carried,
        mediaNode,
        sfu,
        driver: end.driver - start.driver,
        publishers: end.publishers - start.publishers,
        viewers: end.viewers - start.viewers,
        chromium: end.chromium - start.chromium,
      },
      retransmissions:
        end.retransmissions && start.retransmissions
          ? {
              nacks: end.retransmissions.nacks - start.retransmissions.nacks,
              resent: end.retransmissions.resent - start.retransmissions.resent,
            }
          : null,
      udpDrops: Object.fromEntries(
        Object.entries(end.drops).map(([name, count]) => [name, count - (start.drops[name] ?? 0)]),
      ),
      reports,
    }),
  );
  showIds.forEach((id, i) => console.error(streamLine(id, reports[i]!, watched[i], failures[i]!)));
  const breakdown = measured > 0 ? cpuBreakdown({ ffmpeg, mediaNode, workers: sfu }, carried, wall) : null;
  console.error(breakdownLine(engine, breakdown));
  return {
    breakdown,
    // Per stream, in percent of one core: the media node's process tree (node, mediasoup's workers, ffmpegs) / the
    // shows it packaged through the window (N when all_playing). No show packaged by the same ffmpeg from start to
    // end: the engine did not carry them (dropped publishers), and the CPU of an idle node is no figure per show.
    cpuPctPerStream: measured > 0 && carried > 0 ? Number(((100 * ingest) / carried / wall).toFixed(1)) : null,
    allPlaying: live.size === streams && failures.every((f) => f.length === 0),
  };
}

const results: Partial<Record<IngestEngineName, number | null>> = {};
const breakdowns: Partial<Record<IngestEngineName, CpuBreakdown | null>> = {};
try {
  for (const engine of engines) {
    let line: Record<string, unknown>;
    try {
      console.error(`ingest benchmark: ${engine}, ${streams} shows, ${seconds} s`);
      const result = await measure(engine);
      results[engine] = result.cpuPctPerStream;
      breakdowns[engine] = result.breakdown;
      line = { engine, streams, cpu_pct_per_stream: result.cpuPctPerStream, all_playing: result.allPlaying };
    } catch (error) {
      console.error(`ingest benchmark on ${engine} failed: ${(error as Error).stack ?? error}`);
      results[engine] = null;
      line = { engine, streams, cpu_pct_per_stream: null, all_playing: false };
      process.exitCode = 1;
    } finally {
      await stopEngineRun();
    }
    if (engine === 'mediasoup' && results.werift && results.mediasoup) {
      line.cpu_vs_werift = Number((results.mediasoup / results.werift).toFixed(2));
    }
    if (engine === 'mediasoup' && breakdowns.werift && breakdowns.mediasoup) {
      console.error(floorLine(breakdowns.werift, breakdowns.mediasoup));
    }
    console.log(JSON.stringify(line));
  }
} finally {
  clearTimeout(watchdog);
  await cleanUp();
}
