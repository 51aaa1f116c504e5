// Embedded PostgreSQL for the demo: PGlite keeps its data in a local folder and is served on 127.0.0.1 over the
// PostgreSQL wire protocol, so the platform uses the same pg driver adapter as in production. PGlite and its
// socket server run in a worker thread (embedded-postgres-worker.ts): the SQL it executes runs beside the event
// loop instead of blocking it.
import { Worker } from 'node:worker_threads';
import type {
  EmbeddedPostgresWorkerData,
  FromEmbeddedPostgresWorker,
  ToEmbeddedPostgresWorker,
} from './embedded-postgres-worker';

export interface EmbeddedPostgres {
  url: string;
  close(): Promise<void>;
}

// The worker is TypeScript like the rest of the platform, run by tsx. Node 20 does not apply ESM loader hooks given
// to a worker (neither inherited nor through execArgv `--import tsx`: ERR_UNKNOWN_FILE_EXTENSION), so the worker
// starts from a one-line bootstrap that registers tsx's loader in its own thread and then imports the entry. This
// works the same under `node --import tsx` (npm start, dev, benchmarks) and under vitest.
const workerFile = new URL('./embedded-postgres-worker.ts', import.meta.url);
const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then(({ register }) => { register(); return import(${JSON.stringify(workerFile.href)}); })`;
/** How long close() waits for the worker to flush and exit before it is terminated. */
const closeTimeoutMs = 10_000;

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const worker = new Worker(bootstrap, { eval: true, workerData: { dataDir } satisfies EmbeddedPostgresWorkerData });
  let state: 'starting' | 'running' | 'closing' | 'closed' = 'starting';
  // Anything thrown in the worker (and not caught there) ends it: 'error' with what was thrown, then 'exit'.
  let crash: Error | undefined;
  worker.on('error', (error) => {
    crash ??= error;
  });
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  const why = (code: number) => (crash ? crash.message : `its worker thread exited with code ${code}`);

  // Startup: the worker reports 'ready' with the port it listens on, or ends (bad data dir, PGlite init, listen).
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (message: FromEmbeddedPostgresWorker) => resolve(message.port));
    void exited.then((code) => {
      if (state === 'starting')
        reject(new Error(`embedded PostgreSQL (PGlite in ${dataDir}) could not start: ${why(code)}`, { cause: crash }));
    });
  });
  state = 'running';

  // After startup the database is part of the platform: if its thread dies (an error thrown inside it, out of
  // memory), every query fails from then on. That is not recovered in place: the failure is logged and rethrown as
  // an uncaught error on the main thread, so the process exits with code 1 (npm start, a supervisor or the test
  // runner sees it) instead of serving without a database. A new start opens the same data dir.
  void exited.then((code) => {
    if (state !== 'running') return;
    state = 'closed';
    const error = new Error(`embedded PostgreSQL (PGlite in ${dataDir}) stopped unexpectedly: ${why(code)}`, {
      cause: crash,
    });
    console.error(`Livecart: ${error.message}; exiting, the platform cannot run without its database`);
    process.nextTick(() => {
      throw error;
    });
  });

  let closing: Promise<void> | undefined;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    close() {
      closing ??= (async () => {
        if (state !== 'running') return;
        state = 'closing';
        worker.postMessage({ type: 'close' } satisfies ToEmbeddedPostgresWorker);
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), closeTimeoutMs);
        });
        const code = await Promise.race([exited, timedOut]);
        clearTimeout(timer);
        state = 'closed';
        if (code === 'timeout') {
          await worker.terminate();
          throw new Error(
            `embedded PostgreSQL did not close within ${closeTimeoutMs / 1000} s; its worker was terminated`,
          );
        }
        if (crash || code !== 0)
          throw new Error(`embedded PostgreSQL (PGlite in ${dataDir}) failed to close: ${why(code)}`, { cause: crash });
      })();
      return closing;
    },
  };
}
