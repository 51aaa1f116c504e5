// npm run bench:chat — 2,000 customers in conversations with 50 client advisors on two server processes over
// Redis (and one PostgreSQL). Customers send BENCH_RATE messages a second in all (over HTTP to the process their
// socket is on, as a browser does); 30 % of them hit a keyword rule and get an auto-reply from the automation
// module. Measures the delivery latency of every message to every recipient (the 50 advisors' sockets, spread over
// both processes, and the sender's own socket), the auto-reply latency (send -> the bot's answer on the customer's
// socket) and loss. Last stdout line: the JSON summary. On stderr, beside the totals: latency by second of sending
// (p50/p99/max of the deliveries, p99 of the auto-replies) and each server's CPU time, longest event-loop stall and
// pool (connections/idle/waiting) per 250 ms around the start, where the first seconds' latency comes from.
// Before sending (all customers connected): one health request per server opens the generator's kept-alive
// connections, which a customer's browser has from loading the page, and the servers finish handling the
// connections (at most 15 s). Then BENCH_WARMUP_SECONDS (5) of the same traffic: the JSON figures are of the
// BENCH_SECONDS after it, as a server that has been taking messages (fresh processes spend the first second
// compiling the message path: ~9.5 ms of server CPU per message for the first 200 against ~6.5 ms later, p99 of
// 270-400 ms in that second); stderr gives the warm-up's own figures and its first second. Loss counts every message.
//   BENCH_CUSTOMERS (2000) BENCH_ADVISORS (50) BENCH_RATE (100) BENCH_SECONDS (30) BENCH_PORTS (4201,4202)
//   BENCH_CPU_PROF=<dir>: the two server processes write V8 CPU profiles (.cpuprofile) there when they exit.
//   BENCH_SERVER_NODE_ARGS: more node flags for the two server processes (e.g. --trace-gc).
import { createHash, randomBytes } from 'node:crypto';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, testRedisUrl } from '../../infra/test-support/test-database';
import { createRule } from '../../server/automation/automation-service';
import { seedDemo } from '../../server/seed/demo-seed';
import { createDiskFileStorage } from '../../server/storage/disk-file-storage';
import { createClient } from '../flash-sale/http-client';
import { ChatSocket, type ChatFrame } from './chat-socket';
import { describeStalls, sampleLoopStalls, type LoopStall } from './loop-stalls';

const customers = Number(process.env.BENCH_CUSTOMERS ?? 2000);
const advisors = Number(process.env.BENCH_ADVISORS ?? 50);
const rate = Number(process.env.BENCH_RATE ?? 100);
const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const ports = (process.env.BENCH_PORTS ?? '4201,4202').split(',').map(Number) as [number, number];
const cpuProfileDir = process.env.BENCH_CPU_PROF;
const log = (line: string) => process.stderr.write(`${line}\n`);
const ownStalls = sampleLoopStalls();
const digest = (token: string) => createHash('sha256').update(token).digest('hex');

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Per second of sending: the deliveries' p50/p99/max and the auto-replies' p99 of the messages sent in it. */
function bySecond(started: number, latencies: number[], at: number[], auto: number[], autoAt: number[]): string {
  const buckets = (values: number[], times: number[]) => {
    const out: number[][] = [];
    values.forEach((value, i) => {
      const second = Math.max(0, Math.floor((times[i]! - started) / 1000));
      const bucket = out[second] ?? [];
      bucket.push(value);
      out[second] = bucket;
    });
    for (const bucket of out) bucket?.sort((a, b) => a - b);
    return out;
  };
  const all = buckets(latencies, at);
  const autos = buckets(auto, autoAt);
  return Array.from({ length: all.length }, (_, second) => {
    const bucket = all[second] ?? [];
    return `${second}s ${percentile(bucket, 50)}/${percentile(bucket, 99)}/${bucket.at(-1) ?? '-'} ${percentile(autos[second] ?? [], 99)}`;
  }).join(' | ');
}

/** The server processes' CPU seconds so far (a light request: the stats answer also resets their delay monitor). */
function serverCpu(children: ChildProcess[]): Promise<number> {
  return Promise.all(
    children.map(
      (child) =>
        new Promise<number>((resolve) => {
          const listener = (message: { type: string; cpuSeconds: number }) => {
            if (message.type !== 'cpu') return;
            child.off('message', listener);
            resolve(message.cpuSeconds);
          };
          child.on('message', listener);
          child.send({ type: 'cpu' });
        }),
    ),
  ).then((each) => each.reduce((sum, seconds) => sum + seconds, 0));
}

async function startServer(args: string[]): Promise<ChildProcess> {
  const child = fork(path.join(import.meta.dirname, 'bench-server.ts'), args, {
    execArgv: [
      '--import',
      'tsx',
      ...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : []),
      ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ') ?? []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return child;
}

interface ServerStats {
  cpuSeconds: number;
  loopDelayP99Ms: number;
  statements: Record<string, number>;
  writeCalls: number;
  timeline?: { at: number; cpuMs: number; stallMs: number; pool: string }[];
}

async function serverStats(child: ChildProcess): Promise<ServerStats> {
  return new Promise((resolve) => {
    const listener = (message: ServerStats & { type: string }) => {
      if (message.type !== 'stats') return;
      child.off('message', listener);
      resolve(message);
    };
    child.on('message', listener);
    child.send({ type: 'stats' });
    setTimeout(
      () => resolve({ cpuSeconds: Number.NaN, loopDelayP99Ms: Number.NaN, statements: {}, writeCalls: Number.NaN }),
      3000,
    ).unref();
  });
}

const database = await createTestDatabase();
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'livecart-bench-chat-'));
const servers: ChildProcess[] = [];
const sockets: ChatSocket[] = [];
/** The figures, printed last: after the servers have stopped (their shutdown logs would follow them otherwise). */
let result: Record<string, number> | null = null;
try {
  const { db } = database;
  await seedDemo(db, createDiskFileStorage(path.join(dataDir, 'uploads')));
  const brand = await db.brand.findFirstOrThrow();
  log(`seeding ${customers} customers and ${advisors} advisors…`);
  const stamp = randomBytes(4).toString('hex');
  const people = (kind: string, count: number) =>
    Array.from({ length: count }, (_, i) => ({
      id: `b${kind}${stamp}${i}`,
      email: `${kind}${i}-${stamp}@bench.local`,
      name: `${kind} ${i}`,
      passwordHash: 'x',
    }));
  const customerRows = people('c', customers);
  const advisorRows = people('a', advisors);
  await db.user.createMany({ data: [...customerRows, ...advisorRows] });
  await db.membership.createMany({
    data: advisorRows.map((row) => ({ userId: row.id, brandId: brand.id, role: 'ADVISOR' as const })),
  });
  const tokens = new Map<string, string>();
  const expiresAt = new Date(Date.now() + 24 * 3600_000);
  for (const row of [...customerRows, ...advisorRows]) tokens.set(row.id, randomBytes(32).toString('base64url'));
  await db.session.createMany({
    data: [...tokens].map(([userId, token]) => ({ userId, tokenHash: digest(token), expiresAt })),
  });
  // Each customer is already in a conversation with one advisor (round robin), in bot mode.
  await db.conversation.createMany({
    data: customerRows.map((row, i) => ({
      id: `bconv${stamp}${i}`,
      brandId: brand.id,
      userId: row.id,
      assigneeId: advisorRows[i % advisors]!.id,
      lastMessagePreview: '',
    })),
  });
  await createRule(db, brand.id, {
    name: 'Shipping',
    keywords: ['shipping', 'delivery'],
    match: 'CONTAINS',
    priority: 10,
    enabled: true,
    timeZone: 'UTC',
    activeFrom: null,
    activeUntil: null,
    dailyFrom: null,
    dailyUntil: null,
    balloons: [{ type: 'text', text: 'We ship worldwide in 2-4 days; delivery is free above 100.' }],
  });

  const keyPrefix = `bench:${stamp}:`;
  log('starting two server processes…');
  for (const port of ports)
    servers.push(await startServer([database.url, testRedisUrl, keyPrefix, String(port), dataDir]));
  const urls = ports.map((port) => `http://127.0.0.1:${port}`);
  // node:http with kept-alive connections: fetch (undici) cost the generator ~0.25 of a core at 100 requests a
  // second, on the same two cores as the servers it measures.
  const clients = new Map(urls.map((url) => [url, createClient(url, 64)]));

  // ---- measurement state ----
  const sentAt = new Map<string, number>(); // message marker -> send time
  const expected = new Map<string, number>(); // marker -> deliveries still expected
  const latencies: number[] = [];
  const autoLatencies: number[] = [];
  // The send time of each latency above (same index), for the per-second breakdown.
  const sendTimes: number[] = [];
  const autoSendTimes: number[] = [];
  const awaitingAuto = new Map<string, { marker: string; at: number }>(); // conversation -> pending keyword question
  let autoExpected = 0;
  let autoReceived = 0;
  let unexpected = 0;
  // The customers' sockets: their own message coming back (one delivery each) and the bot's answer.
  const onFrame = (frame: ChatFrame) => {
    const now = Date.now();
    if (frame.sender === 'CUSTOMER') {
      const marker = /#(m\d+)t\d+$/.exec(frame.text)?.[1];
      const at = marker ? sentAt.get(marker) : undefined;
      if (!marker || at === undefined) return void unexpected++;
      latencies.push(now - at);
      sendTimes.push(at);
      echoMs.push(now - at);
      expected.set(marker, (expected.get(marker) ?? 0) - 1);
      return;
    }
    if (frame.sender === 'BOT') {
      const pending = awaitingAuto.get(frame.conversationId);
      if (!pending) return void unexpected++;
      awaitingAuto.delete(frame.conversationId);
      autoLatencies.push(now - pending.at);
      autoSendTimes.push(pending.at);
      autoReceived++;
    }
  };

  log(`connecting ${advisors} advisors (own process) and ${customers} customers…`);
  const listeners = fork(
    path.join(import.meta.dirname, 'advisor-listeners.ts'),
    [JSON.stringify(advisorRows.map((row, i) => ({ url: urls[i % 2], cookie: `lc_session=${tokens.get(row.id)}` })))],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  servers.push(listeners);
  await new Promise<void>((resolve, reject) => {
    listeners.once('message', () => resolve());
    listeners.once('exit', (code) => reject(new Error(`advisor listeners exited with ${code}`)));
  });
  const customerSockets: { id: string; conversationId: string; url: string; cookie: string }[] = [];
  for (let at = 0; at < customers; at += 100) {
    await Promise.all(
      customerRows.slice(at, at + 100).map(async (row, offset) => {
        const i = at + offset;
        const url = urls[i % 2]!;
        const socket = new ChatSocket(url, `lc_session=${tokens.get(row.id)}`, onFrame);
        await socket.connect();
        sockets.push(socket);
        customerSockets[i] = {
          id: row.id,
          conversationId: `bconv${stamp}${i}`,
          url,
          cookie: `lc_session=${tokens.get(row.id)}; lc_csrf=benchcsrftoken0123456789`,
        };
      }),
    );
  }
  log(`connected; sending… (at ${Date.now() % 100000})`);

  let sent = 0;
  let failed = 0;
  const httpMs: number[] = [];
  const httpAt: number[] = [];
  const echoMs: number[] = [];
  let next = 0;
  const send = async (i: number) => {
    const customer = customerSockets[i]!;
    const at = Date.now();
    const marker = `m${sent}`;
    const keyword = sent % 10 < 3; // 30 % ask about shipping, which a keyword rule answers
    const text = keyword
      ? `How long does shipping take? #${marker}t${at}`
      : `Is the tote available in blue? #${marker}t${at}`;
    sent++;
    sentAt.set(marker, at);
    expected.set(marker, 1); // the sender's own socket; the advisors' process counts its 50
    if (keyword) {
      awaitingAuto.set(customer.conversationId, { marker, at });
      autoExpected++;
    }
    try {
      const response = await clients
        .get(customer.url)!
        .request(
          'POST',
          `/api/me/conversations/${customer.conversationId}/messages`,
          { cookie: customer.cookie, 'x-csrf-token': 'benchcsrftoken0123456789' },
          { text },
        );
      httpMs.push(Date.now() - at);
      httpAt.push(at);
      answered();
      if (response.status !== 201) {
        failed++;
        if (failed <= 3) log(`HTTP ${response.status} for a customer message`);
      }
    } catch {
      failed++;
    }
  };
  // A kept-alive connection to each server, as the customers' browsers have from loading the page.
  await Promise.all(urls.map((url) => clients.get(url)!.request('GET', '/api/health', {})));
  // Sending starts once the servers have finished with the 2,000 connections (each one's session and rooms: both
  // were still at ~50 % of a core with PostgreSQL queries queued when sending began right after the last connect);
  // customers of a deployment do not all open the page in the same 4 s and write at once. At most 15 s.
  const settleStarted = Date.now();
  let previousCpu = await serverCpu(servers.slice(0, 2));
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const cpu = await serverCpu(servers.slice(0, 2));
    const busy = (cpu - previousCpu) / 0.5; // cores, both servers together
    previousCpu = cpu;
    if (busy < 0.1 || Date.now() - settleStarted > 15_000) {
      log(`servers settled after the connections in ${Date.now() - settleStarted} ms (${busy.toFixed(2)} cores busy)`);
      break;
    }
  }
  const cpuBefore = await Promise.all(servers.slice(0, 2).map(serverStats));
  // Both servers' CPU time when sending starts and when 200, total-200 and total messages were answered: the CPU a
  // message costs in the first 200 against the last 200, whatever the machine's load (wall times are not).
  const cpuMarks: Promise<number>[] = [serverCpu(servers.slice(0, 2))];
  let answers = 0;
  const answered = () => {
    answers++;
    if (answers === 200 || answers === total - 200 || answers === total) cpuMarks.push(serverCpu(servers.slice(0, 2)));
  };
  const ownCpuBefore = process.cpuUsage();
  const started = Date.now();
  const total = rate * (warmupSeconds + seconds);
  // The same traffic for warmupSeconds first: the figures are of the BENCH_SECONDS after it (stderr has both).
  const measuredFrom = started + warmupSeconds * 1000;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * rate));
      while (next < due) {
        // Customers in turn: each sends once every customers/rate seconds (20 s), inside the per-user limit.
        void send(next % customers);
        next++;
      }
      if (next >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 5);
  });
  const sendSeconds = (Date.now() - started) / 1000;
  const sentAfterWarmup = () => [...sentAt.values()].filter((at) => at >= measuredFrom).length;
  log(`sent ${sent} in ${sendSeconds.toFixed(1)} s; draining…`);
  const report = (withLatencies = false) =>
    new Promise<{
      latencies: number[];
      sendTimes: number[];
      received: Record<string, number>;
      unexpected: number;
      dropped: number;
      cpuSeconds: number;
      stalls: LoopStall[];
    }>((resolve) => {
      const listener = (message: { type: string }) => {
        if (message.type !== 'report') return;
        listeners.off('message', listener);
        resolve(message as never);
      };
      listeners.on('message', listener);
      listeners.send({ type: 'report', latencies: withLatencies });
    });
  const drainUntil = Date.now() + 15_000;
  let advisorSide = await report();
  const advisorMissing = () =>
    [...sentAt.keys()].reduce((sum, marker) => sum + Math.max(0, advisors - (advisorSide.received[marker] ?? 0)), 0);
  while (
    Date.now() < drainUntil &&
    ([...expected.values()].some((left) => left > 0) || autoReceived < autoExpected || advisorMissing() > 0)
  ) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    advisorSide = await report();
  }
  advisorSide = await report(true);
  const cpuAfter = await Promise.all(servers.slice(0, 2).map(serverStats));
  // One by one: spreading 150,000 numbers into push() overflows the call stack.
  const echoCount = latencies.length;
  log(
    `by second of sending, p99 of: HTTP answer / sender's socket / advisors' sockets: ${Array.from(
      { length: Math.ceil(seconds) + 1 },
      (_, second) => {
        const pick = (values: number[], times: number[]) =>
          values.filter((_, i) => Math.floor((times[i]! - started) / 1000) === second).sort((a, b) => a - b);
        return `${second}s ${percentile(pick(httpMs, httpAt), 99)}/${percentile(pick(latencies.slice(0, echoCount), sendTimes), 99)}/${percentile(pick(advisorSide.latencies, advisorSide.sendTimes), 99)}`;
      },
    ).join(' | ')}`,
  );
  for (const latency of advisorSide.latencies) latencies.push(latency);
  for (const at of advisorSide.sendTimes) sendTimes.push(at);
  log(
    `latency by second of sending (deliveries p50/p99/max; auto-replies p99): ${bySecond(started, latencies, sendTimes, autoLatencies, autoSendTimes)}`,
  );
  unexpected += advisorSide.unexpected;

  // Each server's CPU ms and longest event-loop stall per 250 ms, from 2 s before sending to 5 s into it.
  cpuAfter.forEach((after, i) =>
    log(
      `server ${i + 1} CPU ms/stall ms per 250 ms from -2 s: ` +
        (after.timeline ?? [])
          .filter((slot) => slot.at > started - 2000 && slot.at <= started + 5000)
          .map(
            (slot) =>
              `${((slot.at - started) / 1000).toFixed(2)}:${slot.cpuMs.toFixed(0)}/${slot.stallMs.toFixed(0)} pool ${slot.pool}`,
          )
          .join(' '),
    ),
  );
  // Over the whole run: the 250 ms slots in which a server's event loop stalled 50 ms or more (where the mid-run
  // latency spikes come from: GC, a periodic job, a burst of work).
  cpuAfter.forEach((after, i) => {
    const stalls = (after.timeline ?? []).filter((slot) => slot.at > started && slot.stallMs >= 50);
    log(
      `server ${i + 1} stalls of 50 ms or more while sending: ${stalls.length === 0 ? 'none' : stalls.map((slot) => `${((slot.at - started) / 1000).toFixed(2)}s ${slot.stallMs.toFixed(0)} ms (CPU ${slot.cpuMs.toFixed(0)} ms)`).join(', ')}`,
    );
  });
  log(`load generator stalls of 50 ms or more while sending: ${describeStalls(ownStalls.since(started), started)}`);
  log(
    `advisors' process stalls of 50 ms or more while sending: ${describeStalls(
      advisorSide.stalls.filter((slot) => slot.at > started),
      started,
    )}`,
  );
  const marks = await Promise.all(cpuMarks);
  if (marks.length === 4)
    log(
      `server CPU per message (both processes): first 200 messages ${(((marks[1]! - marks[0]!) / 200) * 1000).toFixed(2)} ms, ` +
        `last 200 ${(((marks[3]! - marks[2]!) / 200) * 1000).toFixed(2)} ms`,
    );
  const missing =
    [...expected.values()].reduce((sum, left) => sum + Math.max(0, left), 0) +
    advisorMissing() +
    (autoExpected - autoReceived);
  const split = (values: number[], times: number[]) => {
    const warm: number[] = [];
    const measured: number[] = [];
    values.forEach((value, i) => (times[i]! < measuredFrom ? warm : measured).push(value));
    return { warm: warm.sort((a, b) => a - b), measured: measured.sort((a, b) => a - b) };
  };
  const deliveries = split(latencies, sendTimes);
  const autoReplies = split(autoLatencies, autoSendTimes);
  if (warmupSeconds > 0)
    log(
      `warm-up (first ${warmupSeconds} s, not in the figures): deliveries p50 ${percentile(deliveries.warm, 50)} ms p99 ${percentile(deliveries.warm, 99)} ms, auto-replies p99 ${percentile(autoReplies.warm, 99)} ms; ` +
        `first second p99 ${percentile(
          latencies.filter((_, i) => sendTimes[i]! < started + 1000).sort((a, b) => a - b),
          99,
        )} ms`,
    );
  httpMs.sort((a, b) => a - b);
  echoMs.sort((a, b) => a - b);
  advisorSide.latencies.sort((a, b) => a - b);
  log(
    `HTTP answer p50 ${percentile(httpMs, 50)} ms p99 ${percentile(httpMs, 99)} ms; sender's own socket p50 ${percentile(echoMs, 50)} ms; advisors p50 ${percentile(advisorSide.latencies, 50)} ms`,
  );
  const disconnected = sockets.filter((socket) => socket.closedUnexpectedly).length + advisorSide.dropped;
  const ownCpu = process.cpuUsage(ownCpuBefore);
  log(
    `deliveries ${latencies.length} (expected ${sent * (advisors + 1)}), auto-replies ${autoReceived}/${autoExpected}, http failures ${failed}, unexpected frames ${unexpected}, sockets dropped ${disconnected}, ` +
      `server CPU ${cpuAfter.map((after, i) => ((after.cpuSeconds - cpuBefore[i]!.cpuSeconds) / sendSeconds).toFixed(2)).join(' + ')} cores ` +
      `(event-loop delay p99 ${cpuAfter.map((after) => after.loopDelayP99Ms.toFixed(0)).join(' / ')} ms), ` +
      `load generator CPU ${((ownCpu.user + ownCpu.system) / 1e6 / sendSeconds).toFixed(2)} + advisors ${advisorSide.cpuSeconds.toFixed(1)} s`,
  );
  // Statements both processes sent to PostgreSQL while sending and draining, per customer message.
  const perMessage = new Map<string, number>();
  cpuAfter.forEach((after, i) => {
    for (const [key, count] of Object.entries(after.statements))
      perMessage.set(key, (perMessage.get(key) ?? 0) + count - (cpuBefore[i]!.statements[key] ?? 0));
  });
  const statementTotal = [...perMessage.values()].reduce((sum, count) => sum + count, 0);
  const writeCalls = cpuAfter.reduce((sum, after, i) => sum + after.writeCalls - cpuBefore[i]!.writeCalls, 0);
  log(
    `server write system calls per message ${(writeCalls / sent).toFixed(1)}; ` +
      `PostgreSQL statements per message ${(statementTotal / sent).toFixed(2)}: ` +
      [...perMessage]
        .filter(([, count]) => count > 0)
        .sort((a, b) => b[1] - a[1])
        .map(([key, count]) => `${key} ${(count / sent).toFixed(2)}`)
        .join(', '),
  );
  for (const client of clients.values()) client.close();
  result = {
    customers,
    advisors,
    messages_per_s: Math.round((sentAfterWarmup() / (sendSeconds - warmupSeconds)) * 10) / 10,
    p50_ms: percentile(deliveries.measured, 50),
    p99_ms: percentile(deliveries.measured, 99),
    auto_reply_p99_ms: percentile(autoReplies.measured, 99),
    lost: missing + failed,
  };
} finally {
  for (const socket of sockets) socket.close();
  await Promise.all(
    servers.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 8000).unref();
        }),
    ),
  );
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
}
if (result) console.log(JSON.stringify(result));
