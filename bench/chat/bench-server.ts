// One server process of the chat benchmark: the real composition root (every module, ROLE all) on PostgreSQL and
// Redis (Socket.IO Redis Streams adapter, Redis event bus), like one of two processes of a deployment.
//   bench-server.ts <databaseUrl> <redisUrl> <keyPrefix> <port> <dataDir>
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { createApplication } from '../../server/app';
import { createDatabase } from '../../server/database/prisma-client';
import { createDiskFileStorage } from '../../server/storage/disk-file-storage';

const [databaseUrl, redisUrl, keyPrefix, port, dataDir] = process.argv.slice(2);
if (!databaseUrl || !redisUrl || !keyPrefix || !port || !dataDir)
  throw new Error('usage: bench-server <databaseUrl> <redisUrl> <keyPrefix> <port> <dataDir>');

// The pool a production process opens (server/boot/open-database.ts).
const db = createDatabase(databaseUrl, 20);
const app = await createApplication({
  config: { mode: 'embedded', publicBaseUrl: `http://127.0.0.1:${port}`, port: Number(port) },
  db,
  storage: createDiskFileStorage(path.join(dataDir, 'uploads')),
  sessionSecret: 'bench-session-secret-that-is-long-enough-0123456',
  realtime: { redisUrl, keyPrefix },
});
await app.http.listen({ port: Number(port), host: '127.0.0.1' });

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
process.on('message', (message: { type: string }) => {
  if (message.type !== 'stats') return;
  const cpu = process.cpuUsage();
  process.send!({
    type: 'stats',
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rssBytes: process.memoryUsage().rss,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
  });
});
process.on('SIGTERM', () => {
  setTimeout(() => process.exit(0), 5000).unref();
  void app
    .close()
    .then(() => db.$disconnect())
    .finally(() => process.exit(0));
});
process.send!({ type: 'ready' });
