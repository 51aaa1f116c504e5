import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
import { Prisma } from '../../prisma/generated/client';
import { createInAppChannel } from '../channels/inapp-channel';
import { createLineChannel, lineMulticastLimit } from '../channels/line-channel';
import { startHttpStandIn } from '../channels/testing/http-stand-in';
import { createTrackingLinks } from '../channels/tracking-links';
import { createDiskFileStorage } from '../storage/disk-file-storage';
import { createStep } from './announcement-service';
import { DeliveryWorker } from './delivery-worker';
import { stepReport } from './step-report';
import { seedAudience } from './testing/seed-audience';

let database: TestDatabase;
let folder: string;
beforeAll(async () => {
  database = await createTestDatabase();
  folder = await mkdtemp(path.join(tmpdir(), 'livecart-progress-'));
});
afterAll(async () => {
  await database?.drop();
  await rm(folder, { recursive: true, force: true });
});

describe('a large LINE step going out', () => {
  it('multicasts identical messages 500 at a time and the report moves batch by batch while it runs', async () => {
    const followers = 4500;
    const audience = await seedAudience(database.db, { followers, startsInMinutes: 30 });
    await database.db.$executeRaw(
      Prisma.sql`UPDATE "Follower" SET "lineUserId" = 'U' || md5("id") WHERE "brandId" = ${audience.brandId}`,
    );
    const step = await createStep(database.db, audience.brandId, audience.showId, {
      trigger: 'BEFORE_START',
      offsetMinutes: 60,
      segmentId: null,
      balloons: [{ type: 'text', text: 'Doors open in an hour' }],
    });
    // The first claim's four multicasts are answered at once; the rest wait until the test has read the report
    // (one LINE batch at a time here, so which requests belong to the first claim is certain).
    let answered = 0;
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const line = await startHttpStandIn(async () => {
      answered += 1;
      if (answered > 2000 / lineMulticastLimit) await held;
      return { status: 200 };
    });
    const worker = DeliveryWorker.create({
      db: database.db,
      render: { storage: createDiskFileStorage(folder), publicBaseUrl: 'http://shop.test', linkSecret: 'secret' },
      channels: [
        createInAppChannel(null),
        {
          ...createLineChannel(createTrackingLinks('http://shop.test', 'secret'), {
            channelAccessToken: 'token-0123456789abcdefghij',
            apiBaseUrl: line.baseUrl,
          }),
          concurrency: 1,
        },
      ],
      log: () => {},
    });
    const ticking = worker.tick();
    let report = await stepReport(database.db, step.id, 'SENDING');
    while (!(report.channels.LINE && report.channels.LINE.sent > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      report = await stepReport(database.db, step.id, 'SENDING');
    }
    // Mid-way: one claim of 2,000 is done, the rest still queued; in-app went out in full meanwhile.
    expect(report.channels.LINE).toMatchObject({
      sent: 2000,
      delivered: 2000,
      queued: followers - 2000,
      failed: 0,
      skipped: 0,
    });
    release();
    await ticking;
    await worker.close();
    await line.close();
    const status = (await database.db.announcement.findUniqueOrThrow({ where: { id: step.id } })).status;
    report = await stepReport(database.db, step.id, status);
    expect(status).toBe('SENT');
    expect(report.channels.LINE).toMatchObject({ sent: followers, queued: 0, failed: 0, skipped: 0, etaSeconds: null });
    expect(report.channels.INAPP).toMatchObject({ sent: followers, queued: 0 });
    expect(report.totals).toMatchObject({ sent: 2 * followers, queued: 0, etaSeconds: null });
    const bodies = line.requests.map((request) => JSON.parse(request.body.toString()) as { to: string[] });
    expect(line.requests.every((request) => request.path === '/v2/bot/message/multicast')).toBe(true);
    expect(bodies.map((body) => body.to.length).sort((a, b) => b - a)).toEqual([
      500, 500, 500, 500, 500, 500, 500, 500, 500,
    ]);
    expect(new Set(bodies.flatMap((body) => body.to)).size).toBe(followers);
  });
});
