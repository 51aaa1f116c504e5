// bench:analytics's web node: the console's report is served by web processes (ROLE=web) in production, apart from
// the realtime node that holds the 5,000 sockets, so the benchmark reads the report here, on the same database.
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApplication } from '../../server/app';
import { loadConfig } from '../../server/config/load-config';
import { createDatabase } from '../../server/database/prisma-client';
import { createDiskFileStorage } from '../../server/storage/disk-file-storage';

const db = createDatabase(process.env.BENCH_DATABASE_URL!, 10);
const dir = await mkdtemp(path.join(os.tmpdir(), 'livecart-bench-analytics-web-'));
const app = await createApplication({
  // A whole config, as main.ts boots a ROLE=web process (embedded mode: no external mail or push to set up).
  config: loadConfig({ LIVECART_MODE: 'embedded', ROLE: 'web', PORT: '0', DATA_DIR: dir }, []),
  db,
  storage: createDiskFileStorage(path.join(dir, 'uploads')),
  sessionSecret: randomBytes(32).toString('hex'),
  realtime: { redisUrl: null },
  logLevel: 'error',
});
const reportServerMs: number[] = [];
app.http.server.on('request', (request, response) => {
  if (!request.url?.endsWith('/report')) return;
  const t0 = performance.now();
  response.once('finish', () => reportServerMs.push(performance.now() - t0));
});
await app.http.listen({ port: 0, host: '127.0.0.1' });
process.on('message', (message: { type: string }) => {
  if (message.type === 'measure') reportServerMs.length = 0;
  if (message.type === 'report-times') process.send!({ type: 'report-times', reportServerMs });
});
process.on('SIGTERM', () => {
  setTimeout(() => process.exit(0), 5000).unref();
  void app
    .close()
    .then(() => db.$disconnect())
    .finally(() => process.exit(0));
});
process.send!({ type: 'ready', port: (app.http.server.address() as AddressInfo).port });
