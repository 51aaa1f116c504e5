// The media node of a benchmark run in its own process (media-node-child.ts), and an "edge" in the benchmark's process
// that serves the test pages and the HLS files from the node's disk to the viewers, as nginx does in production.
// The node's process CPU (+ mediasoup's workers + its ffmpegs) is then exactly the ingest path, the same way for
// both engines: werift in the node's process, or mediasoup's workers plus the node's process that drives them.
import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { LivePlaylistHub } from '../../media/packager/live-playlist-hub';
import { registerHlsRoutes } from '../../media/http/hls-routes';
import type { MediaServiceOptions } from '../../media/media-service';
import { bundleBrowserHelpers } from '../../media/test-support/browser-bundle';
import type { IngestEngineName } from '../../media/test-support/ingest-engines';
import { playerPage, publisherPage } from '../../media/test-support/test-pages';

export interface MediaNodeState {
  liveShows: string[];
  packagerPids: Record<string, number | null>;
  /** Times the node saw each live show's publisher leave (a new packager run follows its return). */
  publisherLosses: Record<string, number>;
  sfuPids: number[];
  health: Record<string, unknown>;
}

export interface MediaNode {
  pid: number;
  engine: string;
  /** The node itself (WHIP, and the test pages for Chromium publishers). */
  baseUrl: string;
  whipUrl: string;
  hlsDir: string;
  /** The edge in this process: test pages and HLS for viewers. */
  edgeUrl: string;
  grant(key: string, showId: string): Promise<void>;
  state(): Promise<MediaNodeState>;
  close(): Promise<void>;
}

type Options = Partial<Omit<MediaServiceOptions, 'publisherAuth' | 'hlsDir' | 'logger' | 'engine'>>;

export async function startMediaNode(engine: IngestEngineName, options: Options = {}): Promise<MediaNode> {
  const child = fork(path.join(import.meta.dirname, 'media-node-child.ts'), [engine, JSON.stringify(options)], {
    // MEDIA_NODE_CPU_PROF=<dir>: a V8 CPU profile of the media node (where its share of the ingest path goes).
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.MEDIA_NODE_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.MEDIA_NODE_CPU_PROF}`] : []),
    ],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  // Its log lines (MEDIA_TEST_LOGS=1) are details: stderr, like the rest of the benchmark's.
  child.stdout!.pipe(process.stderr);
  let nextId = 1;
  const pending = new Map<number, (message: any) => void>();
  const exited = new Promise<never>((_resolve, reject) =>
    child.once('exit', (code) => reject(new Error(`media node exited (${code})`))),
  );
  exited.catch(() => {});
  const ready = new Promise<{ engine: string; baseUrl: string; hlsDir: string }>((resolve, reject) => {
    child.on('message', (message: any) => {
      if (message.type === 'ready') resolve(message);
      else if (message.type === 'failed') reject(new Error(`media node: ${message.error}`));
      else pending.get(message.id)?.(message);
    });
    void exited.catch(reject);
  });
  const request = <T>(message: Record<string, unknown>): Promise<T> => {
    const id = nextId++;
    const answered = new Promise<T>((resolve) => pending.set(id, resolve));
    child.send({ ...message, id });
    return Promise.race([answered, exited]);
  };
  const node = await ready;
  const edge = await startEdge(node.hlsDir);
  let closed = false;
  return {
    pid: child.pid!,
    engine: node.engine,
    baseUrl: node.baseUrl,
    whipUrl: `${node.baseUrl}/api/media/whip`,
    hlsDir: node.hlsDir,
    edgeUrl: edge.url,
    grant: (key, showId) => request({ type: 'grant', key, showId }),
    state: () => request<MediaNodeState>({ type: 'state' }),
    async close() {
      if (closed) return;
      closed = true;
      await edge.app.close();
      if (child.exitCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await request({ type: 'close' }).catch(() => {});
      await gone;
      clearTimeout(timer);
    },
  };
}

async function startEdge(hlsDir: string): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ logger: false });
  // Files only (the packaging node is another process): players' blocking reloads are answered at once.
  registerHlsRoutes(app, hlsDir, new LivePlaylistHub());
  const helpers = await bundleBrowserHelpers();
  const hlsJs = await readFile(path.resolve('node_modules/hls.js/dist/hls.min.js'), 'utf8');
  app.get('/test/publisher.html', async (_req, reply) => reply.type('text/html').send(publisherPage));
  app.get('/test/player.html', async (_req, reply) => reply.type('text/html').send(playerPage));
  app.get('/test/assets/livecart-media.js', async (_req, reply) => reply.type('text/javascript').send(helpers));
  app.get('/test/assets/hls.min.js', async (_req, reply) => reply.type('text/javascript').send(hlsJs));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return { app, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}
