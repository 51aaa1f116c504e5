// A LINE multicast that failed must be retried as the same request with the same X-Line-Retry-Key: LINE answers 409
// to a key it already accepted, which is what keeps a retry after a timeout from sending twice. Retry times used to
// get their ±20 % jitter per row, so a worker polling as usual re-claimed the chunk's rows one by one, in other
// groups and under other keys. The worker's clock moves in 10 s steps over the whole jitter window here.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
import { Prisma } from '../../prisma/generated/client';
import { createLineChannel } from '../channels/line-channel';
import { startHttpStandIn } from '../channels/testing/http-stand-in';
import { createTrackingLinks } from '../channels/tracking-links';
import { createDiskFileStorage } from '../storage/disk-file-storage';
import { createStep } from './announcement-service';
import { DeliveryWorker } from './delivery-worker';
import { enqueueStep } from './enqueue-deliveries';
import { seedAudience } from './testing/seed-audience';

let database: TestDatabase;
let folder: string;
beforeAll(async () => {
  database = await createTestDatabase();
  folder = await mkdtemp(path.join(tmpdir(), 'livecart-line-retry-'));
});
afterAll(async () => {
  await database?.drop();
  await rm(folder, { recursive: true, force: true });
});

it('retries a failed multicast as one request with the same recipients and the same retry key', async () => {
  const db = database.db;
  const audience = await seedAudience(db, { followers: 6, startsInMinutes: 30 });
  await db.$executeRaw(
    Prisma.sql`UPDATE "Follower" SET "lineUserId" = 'U' || md5("id") WHERE "brandId" = ${audience.brandId}`,
  );
  const step = await createStep(db, audience.brandId, audience.showId, {
    trigger: 'BEFORE_START',
    offsetMinutes: 60,
    segmentId: null,
    balloons: [{ type: 'text', text: 'Soon!' }],
  });
  let answered = 0;
  const line = await startHttpStandIn(() =>
    answered++ === 0 ? { status: 500, body: { message: 'try again' } } : { status: 200, body: {} },
  );
  let now = new Date();
  const worker = DeliveryWorker.create({
    db,
    name: 'line-retry',
    render: { storage: createDiskFileStorage(folder), publicBaseUrl: 'http://shop.test', linkSecret: 'secret' },
    channels: [
      createLineChannel(createTrackingLinks('http://shop.test', 'secret'), {
        channelAccessToken: 'test-token-0123456789',
        apiBaseUrl: line.baseUrl,
      }),
    ],
    retry: { maxAttempts: 5, baseDelayMs: 10 * 60_000, maxDelayMs: 10 * 60_000 }, // due 8 to 12 minutes later
    leaseMs: 30_000,
    clock: () => now,
    log: () => {},
  });
  try {
    const deps = {
      storage: createDiskFileStorage(folder),
      publicBaseUrl: 'http://shop.test',
      linkSecret: 'secret',
      channels: new Set(['LINE'] as const),
    };
    expect(await enqueueStep(db, deps, step.id, now)).toEqual({ deliveries: 12 }); // in-app always, and LINE
    await worker.tick();
    expect(line.requests.length).toBe(1);
    for (let elapsed = 0; elapsed <= 13 * 60_000; elapsed += 10_000) {
      now = new Date(now.getTime() + 10_000);
      await worker.tick();
    }
  } finally {
    await worker.close();
    await line.close();
  }
  const sent = line.requests.map((request) => ({
    path: request.path,
    key: request.headers['x-line-retry-key'],
    to: (JSON.parse(request.body.toString()) as { to: string | string[] }).to,
  }));
  expect(sent).toHaveLength(2);
  expect(sent[1]).toEqual(sent[0]);
  expect(sent[0]!.path).toBe('/v2/bot/message/multicast');
  expect(
    await db.announcementDelivery.count({ where: { announcementId: step.id, channel: 'LINE', status: 'SENT' } }),
  ).toBe(6);
});
