// The server side of the realtime benchmark, in its own process: one realtime node (the real createRealtime,
// in-memory adapter, real PostgreSQL) on a random port. Reports its CPU and memory over IPC when asked.
import { createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { createDatabase } from '../../server/database/prisma-client';
import { createRealtime } from '../../server/realtime/create-realtime';
import { createShowEvents } from '../../server/shows/show-events';

const [databaseUrl, mode] = process.argv.slice(2);
if (!databaseUrl || (mode !== 'batched' && mode !== 'naive'))
  throw new Error('usage: bench-server <databaseUrl> batched|naive');

const db = createDatabase(databaseUrl, 10);
const server = createServer();
const realtime = await createRealtime({
  httpServer: server,
  db,
  events: createShowEvents(),
  images: { urlFor: (key) => `/uploads/${key}` },
  redisUrl: null,
  tuning: mode === 'naive' ? { reactionFrameMs: 0, roomFrameMs: 0 } : {},
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') {
    const cpu = process.cpuUsage();
    process.send!({
      type: 'stats',
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      rssBytes: process.memoryUsage().rss,
      loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    });
    loopDelay.reset();
  }
  if (message.type === 'gc') {
    (globalThis as { gc?: () => void }).gc?.();
    process.send!({ type: 'gc-done' });
  }
});
process.on('SIGTERM', () => {
  setTimeout(() => process.exit(0), 3000).unref();
  void realtime
    .close()
    .then(() => db.$disconnect())
    .finally(() => process.exit(0));
});
process.send!({ type: 'ready', port: (server.address() as AddressInfo).port });
