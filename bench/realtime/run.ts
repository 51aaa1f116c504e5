// npm run bench:realtime — N viewers in one show (a separate process from the server), a chat rate and a
// reaction rate. Measures each chat message's delivery latency to every viewer, loss, server CPU and memory per
// 1,000 connections; then runs the same load against the naive way (every reaction broadcast on its own) and
// compares server CPU for the same work. Last stdout line: the JSON summary.
//   BENCH_CLIENTS (5000) BENCH_CHAT_PER_S (20) BENCH_REACTIONS_PER_S (200) BENCH_SECONDS (20) BENCH_NAIVE_SECONDS (8)
import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createTestDatabase } from '../../infra/test-support/test-database';
import { seedRoom, sessionCookie } from '../../server/realtime/test-support/realtime-test-kit';
import { RawViewer } from './raw-viewer';

const clients = Number(process.env.BENCH_CLIENTS ?? 5000);
const chatPerS = Number(process.env.BENCH_CHAT_PER_S ?? 20);
const reactionsPerS = Number(process.env.BENCH_REACTIONS_PER_S ?? 200);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const naiveSeconds = Number(process.env.BENCH_NAIVE_SECONDS ?? 8);
const chatterCount = 50; // each sends 0.4 messages a second at 20/s, inside the per-user limit
const reactorCount = Math.min(clients - chatterCount, 200);
const log = (line: string) => process.stderr.write(`${line}\n`);

interface ServerStats {
  cpuSeconds: number;
  rssBytes: number;
  loopDelayP99Ms: number;
}

class BenchServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(databaseUrl: string, mode: 'batched' | 'naive'): Promise<BenchServer> {
    const child = fork(path.join(import.meta.dirname, 'bench-server.ts'), [databaseUrl, mode], {
      execArgv: [
        '--import',
        'tsx',
        '--expose-gc',
        ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/rt/prof'] : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (message: { type: string; port: number }) => resolve(message.port));
      child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    });
    return new BenchServer(child, `http://127.0.0.1:${port}`);
  }

  #ask<T>(type: string, answer: string): Promise<T> {
    return new Promise((resolve) => {
      const listener = (message: { type: string }) => {
        if (message.type !== answer) return;
        this.child.off('message', listener);
        resolve(message as T);
      };
      this.child.on('message', listener);
      this.child.send({ type });
    });
  }

  /** CPU and memory from /proc, so they can be read even while the server's event loop is swamped. */
  async stats(): Promise<ServerStats> {
    const pid = this.child.pid!;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const loop = await Promise.race([
      this.#ask<{ loopDelayP99Ms: number }>('stats', 'stats'),
      new Promise<{ loopDelayP99Ms: number }>((resolve) => setTimeout(() => resolve({ loopDelayP99Ms: NaN }), 2000)),
    ]);
    return {
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100,
      rssBytes: rssKb * 1024,
      loopDelayP99Ms: loop.loopDelayP99Ms,
    };
  }

  gc = () => this.#ask('gc', 'gc-done');

  /** Collects garbage twice with a pause, so a memory reading reflects live connections, not leftovers. */
  async settled(): Promise<ServerStats> {
    await this.gc();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await this.gc();
    return this.stats();
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    setTimeout(() => this.child.kill('SIGKILL'), 10_000).unref();
    await exited;
  }
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;

async function runPhase(
  mode: 'batched' | 'naive',
  databaseUrl: string,
  showId: string,
  cookies: string[],
  loadSeconds: number,
) {
  const server = await BenchServer.start(databaseUrl, mode);
  const expectedMessages = Math.ceil(chatPerS * loadSeconds) + 10;
  const latencies = new Float64Array(expectedMessages * clients);
  let received = 0;
  let reactionFrames = 0;
  const hooks = {
    onChat(text: string) {
      const sentAt = Number(text.slice(text.lastIndexOf(':') + 1));
      if (received < latencies.length) latencies[received] = performance.now() - sentAt;
      received++;
    },
    onReactionFrame() {
      reactionFrames++;
    },
  };
  const viewers = Array.from(
    { length: clients },
    (_, i) =>
      new RawViewer(server.url, hooks, {
        anonId: `bench-${mode}-${i.toString().padStart(6, '0')}`,
        cookie: cookies[i],
      }),
  );
  const connectStarted = performance.now();
  const join = async (viewer: RawViewer) => {
    await viewer.connect();
    const result = await viewer.call<{ ok: boolean }>('show:join', { showId });
    if (!result.ok) throw new Error(`join failed: ${JSON.stringify(result)}`);
  };
  // Memory per connection is measured past a warm-up group, so code loading and caches do not count as viewers.
  const warmUp = Math.min(200, Math.floor(clients / 5));
  await inBatches(viewers.slice(0, warmUp), 100, join);
  const idle = await server.settled();
  await inBatches(viewers.slice(warmUp), 250, join);
  log(
    `[${mode}] ${clients} viewers connected and joined in ${((performance.now() - connectStarted) / 1000).toFixed(1)} s`,
  );
  const loaded = await server.settled();

  const chatters = viewers.slice(0, chatterCount);
  const reactors = viewers.slice(chatterCount, chatterCount + reactorCount);
  let sentChat = 0;
  let okChat = 0;
  let failedChat = 0;
  let sentReactions = 0;
  const started = performance.now();
  const before = await server.stats();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = (performance.now() - started) / 1000;
      const dueChat = Math.min(Math.floor(elapsed * chatPerS), Math.floor(loadSeconds * chatPerS));
      while (sentChat < dueChat) {
        const chatter = chatters[sentChat % chatters.length]!;
        sentChat++;
        chatter.call<{ ok: boolean }>('chat:send', { text: `bench:${sentChat}:${performance.now()}` }).then(
          (result) => (result.ok ? okChat++ : failedChat++),
          () => failedChat++,
        );
      }
      const dueReactions = Math.min(Math.floor(elapsed * reactionsPerS), Math.floor(loadSeconds * reactionsPerS));
      while (sentReactions < dueReactions) {
        reactors[sentReactions % reactors.length]!.emit('reaction:send', {
          kind: sentReactions % 3 ? 'heart' : 'fire',
        });
        sentReactions++;
      }
      if (elapsed >= loadSeconds) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  const loadWall = (performance.now() - started) / 1000;
  const afterLoad = await server.stats();
  const drainDeadline = performance.now() + (mode === 'naive' ? 20_000 : 60_000);
  while ((okChat + failedChat < sentChat || received < okChat * clients) && performance.now() < drainDeadline)
    await new Promise((r) => setTimeout(r, 50));
  const totalWall = (performance.now() - started) / 1000;
  const afterDrain = await server.stats();

  const drained = okChat + failedChat === sentChat && received >= okChat * clients;
  const count = Math.min(received, latencies.length);
  const sorted = latencies.slice(0, count).sort();
  const dropped = viewers.filter((viewer) => viewer.closedUnexpectedly).length;
  for (const viewer of viewers) viewer.close();
  await server.stop();
  const result = {
    mode,
    drained,
    chatSent: sentChat,
    chatAccepted: okChat,
    chatRejected: failedChat,
    reactionsSent: sentReactions,
    reactionFramesPerViewerPerS: reactionFrames / clients / totalWall,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: count ? sorted[count - 1]! : NaN,
    // Every accepted message must reach every viewer; a rejected or unanswered one is lost for all of them.
    lost: Math.max(0, okChat * clients - received) + (sentChat - okChat) * clients,
    droppedConnections: dropped,
    serverLoopDelayP99Ms: afterLoad.loopDelayP99Ms,
    cpuPct: ((afterLoad.cpuSeconds - before.cpuSeconds) / loadWall) * 100,
    cpuSecondsTotal: afterDrain.cpuSeconds - before.cpuSeconds,
    drainSeconds: totalWall - loadWall,
    mbPer1k: (loaded.rssBytes - idle.rssBytes) / 1e6 / ((clients - warmUp) / 1000),
  };
  log(`[${mode}] ${JSON.stringify(result)}`);
  return result;
}

const database = await createTestDatabase();
try {
  const room = await seedRoom(database.db);
  const cookies: string[] = [];
  for (let i = 0; i < chatterCount; i++) {
    const user = await database.db.user.create({
      data: { email: `chatter${i}@bench.livecart.local`, name: `Chatter ${i}`, passwordHash: 'x' },
    });
    cookies.push(await sessionCookie(database.db, user.id));
  }
  log(
    `bench:realtime ${clients} clients, ${chatPerS} chat/s, ${reactionsPerS} reactions/s, ${seconds} s (naive: ${naiveSeconds} s)`,
  );
  const batched = await runPhase('batched', database.url, room.showId, cookies, seconds);
  const naive = await runPhase('naive', database.url, room.showId, cookies, naiveSeconds);
  // Server CPU per second of offered load, drain included: the same work done the naive way costs this much more.
  const speedup = naive.cpuSecondsTotal / naiveSeconds / (batched.cpuSecondsTotal / seconds);
  if (!naive.drained)
    log('naive run did not finish its backlog before the deadline: speedup_vs_naive is a lower bound');
  const round = (value: number, digits = 1) => Number(value.toFixed(digits));
  console.log(
    JSON.stringify({
      clients,
      chat_per_s: chatPerS,
      reactions_per_s: reactionsPerS,
      p50_ms: round(batched.p50),
      p99_ms: round(batched.p99),
      lost: batched.lost,
      cpu_pct: round(batched.cpuPct),
      mb_per_1k: round(batched.mbPer1k),
      speedup_vs_naive: round(speedup, 2),
    }),
  );
} finally {
  await database.drop();
}
