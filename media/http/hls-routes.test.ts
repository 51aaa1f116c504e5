import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerHlsRoutes } from './hls-routes';

describe('HLS routes', () => {
  let app: FastifyInstance;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'livecart-hls-routes-'));
    await mkdir(path.join(dir, 'show-1'));
    await writeFile(path.join(dir, 'show-1', 'index.m3u8'), '#EXTM3U\n');
    await writeFile(path.join(dir, 'show-1', 'r1-00000.ts'), Buffer.alloc(188));
    await writeFile(path.join(dir, 'show-1', 'ingest.sdp'), 'v=0\n');
    // ffmpeg's per-run lists and unfinished files: internal, never served.
    await mkdir(path.join(dir, 'show-1', 'runs'));
    await writeFile(path.join(dir, 'show-1', 'runs', 'r1.m3u8'), '#EXTM3U\n');
    await writeFile(path.join(dir, 'show-1', 'index.m3u8.tmp'), '#EXTM3U\n');
    await writeFile(path.join(dir, 'show-1', 'r1-00001.ts.tmp'), Buffer.alloc(188));
    await writeFile(path.join(dir, 'secret.m3u8'), 'secret');
    app = Fastify();
    registerHlsRoutes(app, dir);
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves playlists with a short cache and segments as immutable, both with CORS', async () => {
    const playlist = await app.inject('/hls/show-1/index.m3u8');
    expect(playlist.statusCode).toBe(200);
    expect(playlist.headers['content-type']).toBe('application/vnd.apple.mpegurl');
    expect(playlist.headers['cache-control']).toBe('public, max-age=1');
    expect(playlist.headers['access-control-allow-origin']).toBe('*');
    expect(playlist.body).toBe('#EXTM3U\n');
    const segment = await app.inject('/hls/show-1/r1-00000.ts');
    expect(segment.headers['content-type']).toBe('video/mp2t');
    expect(segment.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(segment.rawPayload.length).toBe(188);
  });

  it.each([
    '/hls/show-1/../secret.m3u8',
    '/hls/show-1/%2e%2e%2fsecret.m3u8',
    '/hls/show-1/..%2fsecret.m3u8',
    '/hls/..%2f/secret.m3u8',
    '/hls/show-1/sub/index.m3u8',
    '/hls/show-1/ingest.sdp',
    '/hls/show-1/runs/r1.m3u8',
    '/hls/show-1/runs%2fr1.m3u8',
    '/hls/show-1/index.m3u8.tmp',
    '/hls/show-1/r1-00001.ts.tmp',
    '/hls/show-1/missing.ts',
    '/hls/show%2f1/index.m3u8',
  ])('never serves %s', async (url) => {
    const response = await app.inject(url);
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toBe('secret');
  });

  it('answers CORS preflight', async () => {
    const response = await app.inject({ method: 'OPTIONS', url: '/hls/show-1/index.m3u8' });
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('*');
  });
});
