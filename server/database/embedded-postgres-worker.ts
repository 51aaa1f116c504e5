// The embedded PostgreSQL's own thread (started by embedded-postgres.ts): PGlite and its wire-protocol socket
// server live here, so the SQL PGlite executes never blocks the platform's event loop.
// Protocol: workerData { dataDir } in; { type: 'ready', port } out once listening; { type: 'close' } in ends it
// (the thread then exits on its own). A failure to start, or anything thrown later, ends the thread with an error.
import { mkdir } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgresWorkerData {
  dataDir: string;
}
export type ToEmbeddedPostgresWorker = { type: 'close' };
export type FromEmbeddedPostgresWorker = { type: 'ready'; port: number };

if (!parentPort) throw new Error('embedded-postgres-worker.ts runs as a worker thread (see embedded-postgres.ts)');
const port = parentPort;
const { dataDir } = workerData as EmbeddedPostgresWorkerData;

await mkdir(dataDir, { recursive: true });
const db = await PGlite.create(dataDir);
// Port 0: the kernel picks a free port as the server binds it, and the worker reports it (no probe-then-bind race).
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 32 });
await server.start();
const address = /:(\d+)$/.exec(server.getServerConn());
if (!address) throw new Error(`unexpected socket server address ${server.getServerConn()}`);

port.on('message', (message: ToEmbeddedPostgresWorker) => {
  if (message.type !== 'close') return;
  void (async () => {
    await server.stop();
    await db.close(); // flushes PGlite's data to the data dir
    port.close(); // nothing is left holding the thread open, so it exits
  })();
});
port.postMessage({ type: 'ready', port: Number(address[1]) } satisfies FromEmbeddedPostgresWorker);
