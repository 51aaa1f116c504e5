import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerHlsRoutes } from '../../media/http/hls-routes';
import { LivePlaylistHub, type LivePlaylistSnapshot } from '../../media/packager/live-playlist-hub';
import { type RunningNginx, startNginx } from './nginx-runner';

// infra/nginx's production config in front of a media node's HLS route: what nginx serves from the media volume
// itself and what it passes to the origin (LL-HLS blocking reloads, the part a preload hint names).
describe('nginx LL-HLS delivery (infra/nginx)', () => {
  let dir: string;
  let origin: FastifyInstance;
  let nginx: RunningNginx;
  const live = new LivePlaylistHub();
  const showDir = () => path.join(dir, 'hls', 'show-1');
  const snapshot = (lastMsn: number, pendingParts: number): LivePlaylistSnapshot => ({
    text: `#EXTM3U\n#FROM THE ORIGIN ${lastMsn} ${pendingParts}\n`,
    lastMsn,
    pendingParts,
    targetDuration: 1,
    ended: false,
  });
  /** The access log line of the last request for `url`, and the upstream that answered it ('-': nginx itself). */
  const upstreamOf = async (url: string) => {
    const lines = (await nginx.accessLog()).split('\n').filter((line) => line.includes(`GET ${url} `));
    return /upstream=(\S+)/.exec(lines.at(-1) ?? '')?.[1];
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'livecart-nginx-hls-'));
    await mkdir(path.join(showDir(), 'runs'), { recursive: true });
    await writeFile(path.join(showDir(), 'index.m3u8'), '#EXTM3U\n#ON DISK\n');
    await writeFile(path.join(showDir(), 'r1-p00001.m4s'), Buffer.alloc(300, 1));
    await writeFile(path.join(showDir(), 'runs', 'r1.m3u8'), '#EXTM3U\n');
    await writeFile(path.join(showDir(), 'ingest.sdp'), 'v=0\n');
    origin = Fastify();
    registerHlsRoutes(origin, path.join(dir, 'hls'), live);
    await origin.listen({ host: '127.0.0.1', port: 0 });
    const originPort = (origin.server.address() as net.AddressInfo).port;
    const closed = await freePort(); // nodes this test does not start: nginx never connects to them
    nginx = await startNginx(path.join(dir, 'nginx'), {
      listenPort: await freePort(),
      upstreams: {
        'web-1': closed,
        'web-2': closed,
        'realtime-1': closed,
        'realtime-2': closed,
        'media-1': originPort,
      },
      hlsParent: dir,
    });
    live.publish('show-1', snapshot(9, 1));
  });

  afterAll(async () => {
    await nginx?.stop();
    await origin?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the playlist file itself with a 1 s cache when the request has no delivery directives', async () => {
    const response = await fetch(`${nginx.baseUrl}/hls/show-1/index.m3u8`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('#EXTM3U\n#ON DISK\n');
    expect(response.headers.get('cache-control')).toBe('public, max-age=1');
    expect(response.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(await upstreamOf('/hls/show-1/index.m3u8')).toBe('-');
  });

  it('passes a blocking reload to the origin, which answers when the part exists', async () => {
    const url = '/hls/show-1/index.m3u8?_HLS_msn=10&_HLS_part=2';
    const asked = Date.now();
    setTimeout(() => live.publish('show-1', snapshot(9, 2)), 100);
    setTimeout(() => live.publish('show-1', snapshot(9, 3)), 400);
    const response = await fetch(`${nginx.baseUrl}${url}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(snapshot(9, 3).text);
    expect(Date.now() - asked).toBeGreaterThanOrEqual(390);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await upstreamOf(url)).toMatch(/^127\.0\.0\.1:\d+$/);
    // Past the origin's bound (3 target durations): its 503 comes through, not an nginx timeout.
    const late = await fetch(`${nginx.baseUrl}/hls/show-1/index.m3u8?_HLS_msn=11&_HLS_part=0`);
    expect(late.status).toBe(503);
  });

  it('serves parts on disk itself as immutable, and holds a part not written yet at the origin', async () => {
    const onDisk = await fetch(`${nginx.baseUrl}/hls/show-1/r1-p00001.m4s`);
    expect(onDisk.status).toBe(200);
    expect(onDisk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(onDisk.headers.get('content-type')).toBe('video/iso.segment');
    expect(await upstreamOf('/hls/show-1/r1-p00001.m4s')).toBe('-');

    setTimeout(async () => {
      await writeFile(path.join(showDir(), 'r1-p00002.m4s'), Buffer.alloc(400, 2));
      live.publish('show-1', snapshot(9, 4));
    }, 150);
    const hinted = await fetch(`${nginx.baseUrl}/hls/show-1/r1-p00002.m4s`);
    expect(hinted.status).toBe(200);
    expect((await hinted.arrayBuffer()).byteLength).toBe(400);
    expect(hinted.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await upstreamOf('/hls/show-1/r1-p00002.m4s')).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it.each(['/hls/show-1/runs/r1.m3u8', '/hls/show-1/ingest.sdp', '/hls/show-1/index.m3u8.tmp'])(
    'never serves %s',
    async (url) => {
      expect((await fetch(`${nginx.baseUrl}${url}`)).status).toBe(404);
    },
  );
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
