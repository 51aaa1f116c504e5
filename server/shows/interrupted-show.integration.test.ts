// The platform restarted while a show was live: at boot the show waits for its host for the grace period, then
// ends with the replay of what was streamed (real PostgreSQL, the media service on a directory ffmpeg left).
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../infra/test-support/test-database';
import { createMediaService } from '../../media/media-service';
import { MemoryPublisherAuth } from '../../media/test-support/memory-publisher-auth';
import { createApplication, type Application } from '../app';
import { createDiskFileStorage } from '../storage/disk-file-storage';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

it('ends a show left live by the previous process when its host does not return, with a replay', async () => {
  const database = await createTestDatabase();
  cleanups.push(() => database.drop());
  const db = database.db;
  const brand = await db.brand.create({ data: { name: 'Brand', slug: `b-${randomBytes(4).toString('hex')}` } });
  const live = await db.show.create({
    data: {
      brandId: brand.id,
      title: 'Cut off',
      scheduledStartAt: new Date(),
      status: 'LIVE',
      startedAt: new Date(),
      streamKeyHash: randomBytes(16).toString('hex'),
    },
  });
  const scheduled = await db.show.create({
    data: {
      brandId: brand.id,
      title: 'Later',
      scheduledStartAt: new Date(Date.now() + 3600_000),
      streamKeyHash: randomBytes(16).toString('hex'),
    },
  });

  // What the previous process's ffmpeg left: one run playlist and its segments.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'livecart-restart-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const showDir = path.join(dir, 'hls', live.id);
  await mkdir(path.join(showDir, 'runs'), { recursive: true });
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:6',
    '#EXT-X-TARGETDURATION:1',
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:EVENT',
  ];
  for (let i = 0; i < 4; i += 1) {
    lines.push('#EXTINF:0.500000,', `r1-0000${i}.ts`);
    await writeFile(path.join(showDir, `r1-0000${i}.ts`), Buffer.alloc(188));
  }
  await writeFile(path.join(showDir, 'runs', 'r1.m3u8'), `${lines.join('\n')}\n`);

  const media = createMediaService({
    hlsDir: path.join(dir, 'hls'),
    publisherAuth: new MemoryPublisherAuth(),
    loopbackOnly: true,
    ffmpegPath: '/usr/bin/ffmpeg',
    reconnectGraceMs: 1000,
  });
  const app: Application = await createApplication({
    config: { mode: 'embedded', publicBaseUrl: null, port: 0 },
    db,
    storage: createDiskFileStorage(path.join(dir, 'uploads')),
    sessionSecret: randomBytes(32).toString('hex'),
    media,
  });
  cleanups.push(
    () => media.close(),
    () => app.close(),
  );

  const deadline = Date.now() + 15_000;
  let show = await db.show.findUniqueOrThrow({ where: { id: live.id } });
  while (show.status === 'LIVE' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    show = await db.show.findUniqueOrThrow({ where: { id: live.id } });
  }
  expect(show).toMatchObject({ status: 'ENDED', replayPath: `/hls/${live.id}/index.m3u8` });
  expect((await db.show.findUniqueOrThrow({ where: { id: scheduled.id } })).status).toBe('SCHEDULED');
  const replay = await app.http.inject({ method: 'GET', url: `/hls/${live.id}/index.m3u8` });
  expect(replay.statusCode).toBe(200);
  expect(replay.body).toContain('#EXT-X-ENDLIST');
  expect(replay.body.match(/r1-\d+\.ts/g)).toHaveLength(4);
});
