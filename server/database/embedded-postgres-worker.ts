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
// PGlite has ONE session, shared by every connection of the socket server: prepared statements, SET values, advisory
// locks, temp tables and an open transaction outlive the connection that made them. When a connection arrives and
// is the only one (the pool replaced its connection: idle timeout, a query error, a killed socket), nobody else can
// be using that state, so it is reset, as PostgreSQL does when a backend ends. The 'connection' event fires before
// the new socket's first message can be read, and runExclusive queues on the same mutex the socket server uses for
// every message, so the reset runs before that connection's startup and never interleaves with anyone's queries.
// With several connections open nothing is reset: the session may be in use, and a simple query landing between
// another connection's Parse and Bind would destroy its unnamed statement. A pool that reconnects before the server
// has seen its old connection close therefore keeps the old session state, which is why the platform keeps nothing
// in the session (no named statements, no SET; see sale-stock-writer.ts).
server.addEventListener('connection', () => {
  if (server.getStats().activeConnections !== 1) return;
  db.runExclusive(async () => {
    if (db.isInTransaction()) await simpleQuery('ROLLBACK');
    await simpleQuery('DISCARD ALL');
  }).catch((error: unknown) =>
    console.error(`Livecart: embedded PostgreSQL could not reset its session: ${(error as Error).message}`),
  );
});
await server.start();
const address = /:(\d+)$/.exec(server.getServerConn());
if (!address) throw new Error(`unexpected socket server address ${server.getServerConn()}`);

/** One simple-protocol query inside runExclusive (db.exec would wait for the mutex this holds); throws its error. */
async function simpleQuery(sql: string): Promise<void> {
  const text = Buffer.from(`${sql}\0`);
  const message = Buffer.alloc(5 + text.length);
  message.write('Q', 0);
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  const chunks: Uint8Array[] = [];
  await db.execProtocolRawStream(new Uint8Array(message), { onRawData: (data) => chunks.push(data) });
  const reply = Buffer.concat(chunks);
  for (let at = 0; at + 5 <= reply.length; at += 1 + reply.readInt32BE(at + 1)) {
    if (reply[at] !== 0x45) continue; // 'E': ErrorResponse, fields are a type byte and a C string each
    const fields = reply
      .subarray(at + 5, at + 1 + reply.readInt32BE(at + 1))
      .toString()
      .split('\0');
    throw new Error(`${sql}: ${fields.find((field) => field.startsWith('M'))?.slice(1) ?? 'failed'}`);
  }
}

port.on('message', (message: ToEmbeddedPostgresWorker) => {
  if (message.type !== 'close') return;
  void (async () => {
    await server.stop();
    await db.close(); // flushes PGlite's data to the data dir
    port.close(); // nothing is left holding the thread open, so it exits
  })();
});
port.postMessage({ type: 'ready', port: Number(address[1]) } satisfies FromEmbeddedPostgresWorker);
