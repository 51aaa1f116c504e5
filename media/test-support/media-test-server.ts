import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { createMediaService, type MediaService, type MediaServiceOptions } from '../media-service';
import type { MediaEvents } from '../media-events';
import { bundleBrowserHelpers } from './browser-bundle';
import { MemoryPublisherAuth } from './memory-publisher-auth';
import { playerPage, publisherPage } from './test-pages';

export interface MediaTestServer {
  app: FastifyInstance;
  media: MediaService;
  auth: MemoryPublisherAuth;
  hlsDir: string;
  baseUrl: string;
  events: Array<{ name: keyof MediaEvents; payload: MediaEvents[keyof MediaEvents][0]; at: number }>;
  /** The media service's log lines (the last 500), for failure messages; printed as they come with MEDIA_TEST_LOGS=1. */
  logs: string[];
  close(): Promise<void>;
}

// A real fastify on 127.0.0.1 with the media routes and the test pages: what the server will mount.
export async function startMediaTestServer(
  options: Partial<Omit<MediaServiceOptions, 'publisherAuth' | 'hlsDir'>> = {},
): Promise<MediaTestServer> {
  const hlsDir = await mkdtemp(path.join(os.tmpdir(), 'livecart-hls-'));
  const auth = new MemoryPublisherAuth();
  const logs: string[] = [];
  const print = process.env.MEDIA_TEST_LOGS === '1';
  const keep =
    (level: 'info' | 'warn' | 'error') =>
    (message: string): void => {
      logs.push(`${new Date().toISOString().slice(11, 23)} ${level} ${message}`);
      if (logs.length > 500) logs.shift();
      if (print) console[level](message);
    };
  const media = createMediaService({
    hlsDir,
    publisherAuth: auth,
    loopbackOnly: true,
    ffmpegPath: '/usr/bin/ffmpeg',
    logger: { info: keep('info'), warn: keep('warn'), error: keep('error') },
    // Deterministic: auto would move shows to mediasoup whenever its worker appears. Tests name their engine.
    engineChoice: 'werift',
    ...options,
  });
  const events: MediaTestServer['events'] = [];
  for (const name of ['stream:live', 'stream:reconnecting', 'stream:resumed', 'stream:ended'] as const) {
    media.on(name, (payload) => events.push({ name, payload, at: Date.now() }));
  }
  const app = Fastify({ logger: false });
  media.registerRoutes(app);
  const helpers = await bundleBrowserHelpers();
  const hlsJs = await readFile(path.resolve('node_modules/hls.js/dist/hls.min.js'), 'utf8');
  app.get('/test/publisher.html', async (_req, reply) => reply.type('text/html').send(publisherPage));
  app.get('/test/player.html', async (_req, reply) => reply.type('text/html').send(playerPage));
  app.get('/test/assets/livecart-media.js', async (_req, reply) => reply.type('text/javascript').send(helpers));
  app.get('/test/assets/hls.min.js', async (_req, reply) => reply.type('text/javascript').send(hlsJs));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let closed = false;
  return {
    app,
    media,
    auth,
    hlsDir,
    events,
    logs,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      if (closed) return;
      closed = true;
      await media.close();
      await app.close();
      await rm(hlsDir, { recursive: true, force: true });
    },
  };
}

export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
