// npm run bench:analytics — BENCH_CLIENTS (5000) viewers in one live show (the load generator is this process, the
// platform another) for BENCH_SECONDS (60) of recording, with heartbeats (every 5 s per viewer), product cards seen
// and tapped, chat, reactions and flash-sale holds: about 2,000 events a second. The show report is read every
// second (by report-reader.ts, a process of its own like a marketer's browser) from a web node (BENCH_REPORT_NODE=web, report-node.ts: a ROLE=web process on the same database, as the
// console is served in production) or from the realtime node itself (=same). Recording is switched on and off in
// alternating BENCH_WINDOW_SECONDS (10) windows over twice BENCH_SECONDS, so chat delivery with and without recording
// is measured under the same machine load (BENCH_CONTROL=on: recording stays on in both kinds of window, so the
// delta is the run's noise floor). Last stdout line: the JSON summary.
import { fork } from 'node:child_process';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { RawViewer } from './bench-viewer';

const clients = Number(process.env.BENCH_CLIENTS ?? 5000);
const onSeconds = Number(process.env.BENCH_SECONDS ?? 60);
// 10 s: the worker's roll-up runs every 10 s, so it falls in on and off windows alike (5 s windows put it always
// on the same side).
const windowSeconds = Number(process.env.BENCH_WINDOW_SECONDS ?? 10);
const reportNode = process.env.BENCH_REPORT_NODE ?? 'web';
const chatPerS = Number(process.env.BENCH_CHAT_PER_S ?? 20);
const reactionsPerS = Number(process.env.BENCH_REACTIONS_PER_S ?? 100);
const cardsPerS = Number(process.env.BENCH_CARDS_PER_S ?? 850);
const holdsPerS = Number(process.env.BENCH_HOLDS_PER_S ?? 20);
const control = process.env.BENCH_CONTROL === 'on';
if (process.env.BENCH_CONTROL && !control) throw new Error('BENCH_CONTROL is "on" or unset');
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Ready {
  port: number;
  databaseUrl: string;
  showId: string;
  brandId: string;
  productId: string;
  saleId: string;
  adminCookie: string;
  chatterCookies: string[];
  buyerCookies: string[];
}

const child = fork(path.join(import.meta.dirname, 'bench-server.ts'), [], {
  execArgv: ['--import', 'tsx', ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ') ?? [])],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const ask = <T>(type: string, answer: string, extra: object = {}) =>
  new Promise<T>((resolve) => {
    const listener = (message: { type: string }) => {
      if (message.type !== answer) return;
      child.off('message', listener);
      resolve(message as T);
    };
    child.on('message', listener);
    child.send({ type, ...extra });
  });
const ready = await new Promise<Ready>((resolve, reject) => {
  child.once('message', (message: Ready) => resolve(message));
  child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
});
const url = `http://127.0.0.1:${ready.port}`;
const web =
  reportNode === 'web'
    ? fork(path.join(import.meta.dirname, 'report-node.ts'), [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        env: { ...process.env, BENCH_DATABASE_URL: ready.databaseUrl },
      })
    : null;
const reportUrl = web
  ? `http://127.0.0.1:${
      (
        await new Promise<{ port: number }>((resolve, reject) => {
          web.once('message', (message: { port: number }) => resolve(message));
          web.once('exit', (code) => {
            // the platform process would outlive this one otherwise (its database with it)
            child.kill('SIGTERM');
            reject(new Error(`report node exited with ${code}`));
          });
        })
      ).port
    }`
  : url;
const reportServer = web ?? child;
const askReportTimes = () =>
  new Promise<number[]>((resolve) => {
    const listener = (message: { type: string; reportServerMs: number[] }) => {
      if (message.type !== 'report-times') return;
      reportServer.off('message', listener);
      resolve(message.reportServerMs);
    };
    reportServer.on('message', listener);
    reportServer.send({ type: 'report-times' });
  });
const percentile = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

try {
  // Chat latency per delivered message, split by whether recording was on when the message was sent.
  // Measurement starts after one window of warm-up load (recording on, not counted): the first window after the
  // joins was always an "on" one and carried their aftermath (JIT, queues draining) against recording.
  const started = { at: Infinity };
  const recordingAt = (t: number) => t < started.at || Math.floor((t - started.at) / 1000 / windowSeconds) % 2 === 0;
  const latencies = { on: [] as number[], off: [] as number[] };
  const byWindow: number[][] = [];
  const hooks = {
    onChat(text: string) {
      const sentAt = Number(text.slice(text.lastIndexOf(':') + 1));
      // measured windows only: not the warm-up, nor a message of the run's last tick (past the last window)
      if (sentAt < started.at || sentAt >= started.at + 2 * onSeconds * 1000) return;
      const side = recordingAt(sentAt) ? latencies.on : latencies.off;
      const latency = performance.now() - sentAt;
      side.push(latency);
      const window = Math.floor((sentAt - started.at) / 1000 / windowSeconds);
      if (window < 0) return;
      byWindow[window] ??= [];
      byWindow[window].push(latency);
    },
    onReactionFrame() {},
  };
  const chatters = ready.chatterCookies.length;
  const buyers = ready.buyerCookies.length;
  const viewers = Array.from(
    { length: clients },
    (_, i) =>
      new RawViewer(url, hooks, {
        anonId: `bench-a-${i.toString().padStart(6, '0')}`,
        cookie:
          i < chatters ? ready.chatterCookies[i] : i < chatters + buyers ? ready.buyerCookies[i - chatters] : undefined,
        // every 10th viewer measures chat delivery (the server still sends every frame to all 5,000)
        measure: i % 10 === 5,
      }),
  );
  const connectStarted = performance.now();
  for (let i = 0; i < viewers.length; i += 250) {
    await Promise.all(
      viewers.slice(i, i + 250).map(async (viewer) => {
        await viewer.connect();
        const joined = await viewer.call<{ ok: boolean }>('show:join', { showId: ready.showId });
        if (!joined.ok) throw new Error(`join failed: ${JSON.stringify(joined)}`);
      }),
    );
  }
  log(`bench:analytics ${clients} viewers joined in ${((performance.now() - connectStarted) / 1000).toFixed(1)} s`);

  const reader = fork(path.join(import.meta.dirname, 'report-reader.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      BENCH_REPORT_URL: `${reportUrl}/api/brands/${ready.brandId}/shows/${ready.showId}/report`,
      BENCH_REPORT_COOKIE: ready.adminCookie,
    },
  });
  const askReader = <T>(type: string, answer: string) =>
    new Promise<T>((resolve) => {
      reader.once('message', (message: { type: string }) => {
        if (message.type === answer) resolve(message as T);
      });
      reader.send({ type });
    });
  const { coldMs } = await askReader<{ coldMs: number }>('start', 'started');
  log(`report: first three reads (cold) ${Math.round(coldMs)} ms`);

  const total = onSeconds * 2;
  const sent = { chat: 0, reactions: 0, cards: 0, holds: 0, holdsOk: 0, chatOk: 0 };
  let recording = true;
  const before = { cpuSeconds: 0, stored: 0, pgSeconds: 0 };
  // The load generator's own lag is in every latency it measures (chat and report alike): shown apart.
  const generatorLoop = monitorEventLoopDelay({ resolution: 5 });
  const cpu = { on: 0, off: 0, last: 0 };
  const pg = { on: 0, off: 0, last: 0 };
  const warmupSeconds = windowSeconds;
  const loadStarted = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      const elapsed = (now - loadStarted) / 1000;
      if (started.at === Infinity && elapsed >= warmupSeconds) {
        started.at = now;
        generatorLoop.enable();
        void ask('measure', 'measuring');
        web?.send({ type: 'measure' });
        void ask<{ cpuSeconds: number; stored: number; pgSeconds: number }>('stats', 'stats').then((stats) => {
          Object.assign(before, stats);
          cpu.last = stats.cpuSeconds;
          pg.last = stats.pgSeconds;
        });
      }
      const wanted = recordingAt(now);
      // the tick that ends the run switches nothing (it opened a 13th window of a few milliseconds)
      if (wanted !== recording && elapsed < warmupSeconds + total) {
        const wasOn = recording;
        recording = wanted;
        // BENCH_CONTROL=on keeps recording on in both kinds of window: the delta it reports is the run's noise floor
        // (two sides that differ in nothing), to set the real delta against.
        void ask('record', 'record-done', { on: control || wanted, window: wanted });
        // server CPU per window, on and off: the cost of recording, less sensitive to a loaded machine than latency
        void ask<{ cpuSeconds: number; pgSeconds: number }>('stats', 'stats').then((stats) => {
          cpu[wasOn ? 'on' : 'off'] += stats.cpuSeconds - cpu.last;
          cpu.last = stats.cpuSeconds;
          pg[wasOn ? 'on' : 'off'] += stats.pgSeconds - pg.last;
          pg.last = stats.pgSeconds;
        });
      }
      const due = (rate: number) => Math.floor(Math.min(elapsed, warmupSeconds + total) * rate);
      while (sent.chat < due(chatPerS)) {
        sent.chat++;
        viewers[sent.chat % chatters]!.call<{ ok: boolean }>('chat:send', {
          text: `bench:${sent.chat}:${performance.now()}`,
        }).then(
          (r) => r.ok && sent.chatOk++,
          () => {},
        );
      }
      while (sent.reactions < due(reactionsPerS))
        viewers[chatters + buyers + (sent.reactions++ % (clients - chatters - buyers))]!.emit('reaction:send', {
          kind: 'heart',
        });
      while (sent.cards < due(cardsPerS)) {
        const viewer = viewers[(sent.cards * 7919) % clients]!;
        viewer.emit('analytics:track', {
          kind: sent.cards % 3 === 0 ? 'card_tapped' : 'card_seen',
          productId: ready.productId,
        });
        sent.cards++;
      }
      while (sent.holds < due(holdsPerS)) {
        const buyer = viewers[chatters + (sent.holds++ % buyers)]!;
        buyer.call<{ ok: boolean }>('sale:reserve', { saleId: ready.saleId, quantity: 1 }).then(
          (r) => r.ok && sent.holdsOk++,
          () => {},
        );
      }
      if (elapsed >= warmupSeconds + total) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  const { times: reportTimes, errors: reportErrors } = await askReader<{ times: number[]; errors: number }>(
    'stop',
    'stopped',
  );
  const after = await ask<{ cpuSeconds: number; stored: number; pgSeconds: number }>('stats', 'stats');
  // the last window ends here, not at a switch
  cpu[recording ? 'on' : 'off'] += after.cpuSeconds - cpu.last;
  pg[recording ? 'on' : 'off'] += after.pgSeconds - pg.last;
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const finished = await ask<{
    accepted: number;
    stored: number;
    lost: number;
    rows: number;
    loopP99Ms: Record<string, number[]>;
  }>('finish', 'finished');
  generatorLoop.disable();
  const reportServerMs = await askReportTimes();
  for (const viewer of viewers) viewer.close();
  const round = (value: number, digits = 1) => Number(value.toFixed(digits));
  const chatOn = percentile(latencies.on, 99);
  const chatOff = percentile(latencies.off, 99);
  // The same delta per pair of neighbouring windows (on, then off), and their median: one load spike of another
  // process on a shared machine moves the run's p99 of one side; it moves one pair here.
  const pairDeltas: number[] = [];
  for (let w = 0; w + 1 < byWindow.length; w += 2)
    if (byWindow[w]?.length && byWindow[w + 1]?.length)
      pairDeltas.push(percentile(byWindow[w]!, 99) - percentile(byWindow[w + 1]!, 99));
  log(
    `sent ${JSON.stringify(sent)}; report reads ${reportTimes.length} (errors ${reportErrors}); chat p99 on ${round(chatOn)} ms, off ${round(chatOff)} ms (p50 on ${round(percentile(latencies.on, 50))}, off ${round(percentile(latencies.off, 50))}; median of ${pairDeltas.length} window pairs' p99 deltas ${round(percentile(pairDeltas, 50))} ms; p99 per window, on first: ${JSON.stringify(byWindow.map((w) => Math.round(percentile(w ?? [], 99))))}); ` +
      `server CPU ${round(((after.cpuSeconds - before.cpuSeconds) / total) * 100)} % (recording on ${round((cpu.on / onSeconds) * 100)} %, off ${round((cpu.off / (total - onSeconds)) * 100)} % of a core); PostgreSQL CPU for this database: recording on ${round((pg.on / onSeconds) * 100)} %, off ${round((pg.off / (total - onSeconds)) * 100)} % of a core; recorder ${JSON.stringify(finished)}; ` +
      `report read from the ${reportNode === 'web' ? 'web node' : 'realtime node'} (server times ${JSON.stringify(reportServerMs.map((t) => Math.round(t)))}): p99 at the server ${round(percentile(reportServerMs, 99))} ms (max ${round(Math.max(...reportServerMs))}); ` +
      `server event loop delay p99 per window ${JSON.stringify(finished.loopP99Ms)} ms; generator event loop delay p99 ${round(generatorLoop.percentile(99) / 1e6)} ms, max ${round(generatorLoop.max / 1e6)} ms`,
  );
  console.log(
    JSON.stringify({
      viewers: clients,
      events_per_s: round((finished.stored - before.stored) / onSeconds, 0),
      // every event a hook accepted must be in the table: accepted − rows written (order events are one row per item,
      // one item each here), plus any the recorder had to drop
      events_lost: Math.max(0, finished.accepted - finished.rows) + finished.lost,
      report_p99_ms: round(percentile(reportTimes, 99)),
      chat_p99_delta_ms: round(chatOn - chatOff),
    }),
  );
} finally {
  if (web) {
    const webExited = new Promise((resolve) => web.once('exit', resolve));
    web.kill('SIGTERM');
    await webExited;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
  await exited;
}
