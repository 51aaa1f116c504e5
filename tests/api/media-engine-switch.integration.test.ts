// Issue 15, item 2, end to end: the platform on a machine with no mediasoup worker yet serves on werift at once, and
// new shows go to mediasoup as soon as the worker appears, while a show already live stays on werift. The server gets
// the environment `npm start` gives it (infra/scripts/start.mjs: workerEnvironment, XDG_CACHE_HOME pointing at an
// empty cache), the test plays the background build's part: its status line while it compiles, then the real worker
// binary placed at the cache path by the build's own last step (placeWorker: temporary name, then rename).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyntheticPublishers, type Publishers } from '../../bench/ingest/publishers';
import { placeWorker, workerEnvironment } from '../../infra/scripts/mediasoup-worker.mjs';
import { startPlatform, type RunningPlatform } from '../../infra/test-support/start-platform';
import { mediasoupWorkerBin } from '../../media/test-support/ingest-engines';
import { waitFor } from '../../media/test-support/media-test-server';
import { newStreamKey } from '../../server/shows/stream-keys';

interface MediaHealth {
  ok: boolean;
  engine: string | null;
  mediasoupWorker: string;
  activeStreams: number;
  mediasoupWorkers?: { workers: number; running: number; sessions: number };
}

const small = { resolution: '320x180', fps: 30 };

describe('the platform moves new shows to mediasoup when the worker appears', () => {
  let cache: string;
  let workerBin: string;
  let platform: RunningPlatform;
  const publishers: Publishers[] = [];

  const mediaHealth = async (): Promise<{ status: number; media: MediaHealth }> => {
    const response = await fetch(`${platform.baseUrl}/api/health`);
    const body = (await response.json()) as { dependencies: { media: MediaHealth } };
    return { status: response.status, media: body.dependencies.media };
  };
  /** Segments the show has so far (the live window's first index + its length): ffmpeg packages what the engine forwards. */
  const segmentsOf = async (showId: string): Promise<number> => {
    const response = await fetch(`${platform.baseUrl}/hls/${showId}/index.m3u8`);
    if (response.status !== 200) return 0;
    const text = await response.text();
    return Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)?.[1] ?? 0) + (text.match(/#EXTINF/g) ?? []).length;
  };
  const showStatus = async (showId: string) =>
    (await platform.database.db.show.findUniqueOrThrow({ where: { id: showId } })).status;

  beforeAll(async () => {
    cache = await mkdtemp(path.join(os.tmpdir(), 'livecart-xdg-cache-'));
    const { MEDIASOUP_WORKER_BIN: _given, ...env } = process.env;
    const worker = workerEnvironment({ ...env, XDG_CACHE_HOME: cache, MEDIA_ENGINE: 'auto' });
    // A fresh machine: no worker anywhere, so npm start would build one in the background into this cache.
    expect(worker.build).toBe(true);
    workerBin = worker.env.MEDIASOUP_WORKER_BIN!;
    expect(workerBin.startsWith(cache)).toBe(true);
    platform = await startPlatform({
      env: {
        ROLE: 'media',
        MEDIA_LOOPBACK_ONLY: '1',
        MEDIA_ENGINE: 'auto',
        XDG_CACHE_HOME: cache,
        MEDIASOUP_WORKER_BIN: workerBin,
      },
    });
  });

  afterAll(async () => {
    await Promise.all(publishers.map((p) => p.stop().catch(() => {})));
    await platform?.stop();
    if (cache) await rm(cache, { recursive: true, force: true });
  });

  it('is healthy on werift at once, a show goes live on werift while the worker builds', async () => {
    expect(await mediaHealth()).toMatchObject({
      status: 200,
      media: { ok: true, engine: 'werift', mediasoupWorker: 'missing' },
    });
    // The build writes its progress next to the binary it will place; health shows it.
    await mkdir(path.dirname(workerBin), { recursive: true });
    await writeFile(`${workerBin}.status`, 'building 40%');
    expect((await mediaHealth()).media.mediasoupWorker).toBe('building 40%');

    publishers.push(
      await startSyntheticPublishers(`${platform.baseUrl}/api/media/whip`, [platform.demo.streamKey], small),
    );
    await waitFor(async () => (await segmentsOf(platform.demo.showId)) >= 2, 30_000, 'the first show to be packaged');
    expect(await showStatus(platform.demo.showId)).toBe('LIVE');
    const { status, media } = await mediaHealth();
    expect(status).toBe(200);
    expect(media).toMatchObject({ ok: true, engine: 'werift', activeStreams: 1, mediasoupWorker: 'building 40%' });
    expect(media.mediasoupWorkers).toBeUndefined();
  });

  it('takes the worker the build places, sends the next show to mediasoup and keeps the first on werift', async () => {
    placeWorker(mediasoupWorkerBin(), workerBin);
    const switched = await waitFor(
      async () => {
        const health = await mediaHealth();
        return health.media.engine === 'mediasoup' ? health : null;
      },
      20_000,
      'new shows to go to mediasoup',
    );
    expect(switched).toMatchObject({
      status: 200,
      media: {
        ok: true,
        engine: 'mediasoup',
        mediasoupWorker: 'ready',
        activeStreams: 1,
        mediasoupWorkers: { sessions: 0 },
      },
    });
    expect(switched.media.mediasoupWorkers!.running).toBe(switched.media.mediasoupWorkers!.workers);

    const key = newStreamKey();
    const brand = await platform.database.db.show.findUniqueOrThrow({
      where: { id: platform.demo.showId },
      select: { brandId: true },
    });
    const second = await platform.database.db.show.create({
      data: { brandId: brand.brandId, title: 'After the build', scheduledStartAt: new Date(), streamKeyHash: key.hash },
    });
    const firstBefore = await segmentsOf(platform.demo.showId);
    publishers.push(await startSyntheticPublishers(`${platform.baseUrl}/api/media/whip`, [key.key], small));
    await waitFor(async () => (await segmentsOf(second.id)) >= 2, 30_000, 'the second show to be packaged');
    expect(await showStatus(second.id)).toBe('LIVE');
    // The new show is mediasoup's only session; the first one still runs on werift, still packaged.
    const { media } = await mediaHealth();
    expect(media).toMatchObject({ ok: true, engine: 'mediasoup', activeStreams: 2, mediasoupWorkers: { sessions: 1 } });
    await waitFor(
      async () => (await segmentsOf(platform.demo.showId)) > firstBefore,
      10_000,
      'the werift show to keep going',
    );
    expect(await showStatus(platform.demo.showId)).toBe('LIVE');
  });
});
