import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LivePlaylistHub, type LivePlaylistSnapshot } from '../packager/live-playlist-hub';
import { registerHlsRoutes } from './hls-routes';

describe('HLS routes', () => {
  let app: FastifyInstance;
  let dir: string;
  const live = new LivePlaylistHub();
  const snapshot = (lastMsn: number, pendingParts: number, ended = false): LivePlaylistSnapshot => ({
    text: `#EXTM3U\n#LIVE ${lastMsn} ${pendingParts}\n`,
    lastMsn,
    pendingParts,
    targetDuration: 1,
    ended,
  });

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
    registerHlsRoutes(app, dir, live);
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

  it('sends a playlist whole while the packager replaces it (its length and bytes from the same file)', async () => {
    // The packager renames a new playlist over the old one every part; the longer and shorter ones alternate here.
    const file = path.join(dir, 'show-2', 'index.m3u8');
    await mkdir(path.dirname(file));
    const versions = ['#EXTM3U\n#A\n', `#EXTM3U\n#${'B'.repeat(3000)}\n`];
    let writes = 0;
    let writing = true;
    const replace = async () => {
      while (writing) {
        await writeFile(`${file}.tmp`, versions[writes++ % 2]!);
        await rename(`${file}.tmp`, file);
      }
    };
    await writeFile(file, versions[0]!);
    const replacing = replace();
    const torn: string[] = [];
    try {
      for (let i = 0; i < 300; i += 1) {
        const response = await app.inject('/hls/show-2/index.m3u8');
        if (
          !versions.includes(response.body) ||
          response.rawPayload.length !== Number(response.headers['content-length'])
        )
          torn.push(`${response.headers['content-length']} announced, ${response.rawPayload.length} sent`);
      }
    } finally {
      writing = false;
      await replacing;
    }
    expect(writes).toBeGreaterThan(100); // replaced all along
    expect(torn).toEqual([]);
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

  describe('a show live on this node (LL-HLS)', () => {
    beforeAll(async () => {
      await mkdir(path.join(dir, 'live-1'));
      await writeFile(path.join(dir, 'live-1', 'index.m3u8'), '#EXTM3U\n#ON DISK\n');
      live.publish('live-1', snapshot(9, 1));
    });

    it('serves the playlist from memory and holds a blocking reload until the part exists', async () => {
      expect((await app.inject('/hls/live-1/index.m3u8')).body).toBe(snapshot(9, 1).text);
      const asked = Date.now();
      const held = app.inject('/hls/live-1/index.m3u8?_HLS_msn=10&_HLS_part=2');
      setTimeout(() => live.publish('live-1', snapshot(9, 2)), 30);
      setTimeout(() => live.publish('live-1', snapshot(9, 3)), 80);
      const response = await held;
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe(snapshot(9, 3).text);
      expect(response.headers['content-type']).toBe('application/vnd.apple.mpegurl');
      expect(Date.now() - asked).toBeGreaterThanOrEqual(70);
      // Already there: at once.
      expect((await app.inject('/hls/live-1/index.m3u8?_HLS_msn=9')).body).toBe(snapshot(9, 3).text);
    });

    it('answers 503 after three target durations, 400 for a part too far ahead or a part without msn', async () => {
      const asked = Date.now();
      const late = await app.inject('/hls/live-1/index.m3u8?_HLS_msn=11&_HLS_part=0');
      expect(late.statusCode).toBe(503);
      expect(late.headers['cache-control']).toBe('no-store');
      expect(Date.now() - asked).toBeGreaterThanOrEqual(2900);
      expect((await app.inject('/hls/live-1/index.m3u8?_HLS_msn=40')).statusCode).toBe(400);
      expect((await app.inject('/hls/live-1/index.m3u8?_HLS_part=1')).statusCode).toBe(400);
      expect((await app.inject('/hls/live-1/index.m3u8?_HLS_msn=-1')).statusCode).toBe(400);
    });

    it('holds a request for the part the preload hint names until it is written', async () => {
      const held = app.inject('/hls/live-1/r2-p00031.m4s');
      setTimeout(async () => {
        await writeFile(path.join(dir, 'live-1', 'r2-p00031.m4s'), Buffer.alloc(500));
        live.publish('live-1', snapshot(9, 4));
      }, 50);
      const response = await held;
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('video/iso.segment');
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(response.rawPayload.length).toBe(500);
    });

    it('after the end: the ended window to players that were following, the file (the replay) to everyone else', async () => {
      const held = app.inject('/hls/live-1/index.m3u8?_HLS_msn=10&_HLS_part=5');
      live.publish('live-1', snapshot(10, 0, true));
      live.end('live-1');
      expect((await held).body).toBe(snapshot(10, 0, true).text);
      expect((await app.inject('/hls/live-1/index.m3u8?_HLS_msn=11&_HLS_part=0')).body).toBe(
        snapshot(10, 0, true).text,
      );
      expect((await app.inject('/hls/live-1/index.m3u8')).body).toBe('#EXTM3U\n#ON DISK\n');
      expect((await app.inject('/hls/live-1/r2-p00099.m4s')).statusCode).toBe(404);
    });
  });

  it('answers CORS preflight', async () => {
    const response = await app.inject({ method: 'OPTIONS', url: '/hls/show-1/index.m3u8' });
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('*');
  });
});
