// One server process of the chat benchmark: the real composition root (every module, ROLE all) on PostgreSQL and
// Redis (Socket.IO Redis Streams adapter, Redis event bus), like one of two processes of a deployment.
//   bench-server.ts <databaseUrl> <redisUrl> <keyPrefix> <port> <dataDir>
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { createApplication } from '../../server/app';
import { createDatabase, sqlPool } from '../../server/database/prisma-client';
import { createDiskFileStorage } from '../../server/storage/disk-file-storage';

const [databaseUrl, redisUrl, keyPrefix, port, dataDir] = process.argv.slice(2);
if (!databaseUrl || !redisUrl || !keyPrefix || !port || !dataDir)
  throw new Error('usage: bench-server <databaseUrl> <redisUrl> <keyPrefix> <port> <dataDir>');

// The pool a production process opens (server/boot/open-database.ts).
const db = createDatabase(databaseUrl, 20);
// Statements sent to PostgreSQL, by their first words (BEGIN, the table written or read), for the run's report.
const statements = new Map<string, number>();
sqlPool(db).on('connect', (client) => {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const config = args[0] as string | { text?: string } | undefined;
    const text = (typeof config === 'string' ? config : (config?.text ?? '')).slice(0, 400).replace(/\s+/g, ' ').trim();
    const table = /(?:"public"\.)?"(\w+)"/.exec(text)?.[1] ?? '';
    const key = `${text.split(' ')[0]!.toUpperCase()} ${table}`.trim();
    statements.set(key, (statements.get(key) ?? 0) + 1);
    return query(...args);
  };
});
const app = await createApplication({
  config: { mode: 'embedded', publicBaseUrl: `http://127.0.0.1:${port}`, port: Number(port) },
  db,
  storage: createDiskFileStorage(path.join(dataDir, 'uploads')),
  sessionSecret: 'bench-session-secret-that-is-long-enough-0123456',
  realtime: { redisUrl, keyPrefix },
});
await app.http.listen({ port: Number(port), host: '127.0.0.1' });

/** Write system calls of this process so far (Linux /proc; NaN elsewhere): sockets to clients, PostgreSQL, Redis. */
function writeCalls(): number {
  try {
    return Number(/^syscw: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? Number.NaN);
  } catch {
    return Number.NaN;
  }
}

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
// CPU time and the longest event-loop stall per 250 ms (wall clock, ms), for the run's timeline around the start.
const timeline: { at: number; cpuMs: number; stallMs: number; pool: string }[] = [];
const stall = monitorEventLoopDelay({ resolution: 5 });
stall.enable();
let lastCpu = process.cpuUsage();
setInterval(() => {
  const cpu = process.cpuUsage(lastCpu);
  lastCpu = process.cpuUsage();
  const pool = sqlPool(db);
  timeline.push({
    at: Date.now(),
    cpuMs: (cpu.user + cpu.system) / 1000,
    stallMs: stall.max / 1e6,
    pool: `${pool.totalCount}/${pool.idleCount}/${pool.waitingCount}`,
  });
  stall.reset();
  if (timeline.length > 2400) timeline.shift();
}, 250).unref();
process.on('message', (message: { type: string }) => {
  if (message.type === 'cpu') {
    const cpu = process.cpuUsage();
    return void process.send!({ type: 'cpu', cpuSeconds: (cpu.user + cpu.system) / 1e6 });
  }
  if (message.type !== 'stats') return;
  const cpu = process.cpuUsage();
  process.send!({
    type: 'stats',
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rssBytes: process.memoryUsage().rss,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    statements: Object.fromEntries(statements),
    writeCalls: writeCalls(),
    timeline,
  });
  // Each answer covers the time since the previous one (the run's 'after' answer: sending and draining).
  loopDelay.reset();
});
process.on('SIGTERM', () => {
  setTimeout(() => process.exit(0), 5000).unref();
  void app
    .close()
    .then(() => db.$disconnect())
    .finally(() => process.exit(0));
});
process.send!({ type: 'ready' });
