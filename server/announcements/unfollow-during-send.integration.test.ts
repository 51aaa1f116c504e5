// Unfollowing while a step goes out deletes the follower's deliveries (trigger on Follower). The live report counts
// queued = enqueued - what the batches hold, so a row that vanished uncounted stayed "queued" forever: a row of a
// queue's range deleted before the range was claimed, and a row waiting for a retry (its DeliveryRetry row goes by
// cascade). Both now count as skipped, and the step's report ends with nothing queued.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
import { Prisma } from '../../prisma/generated/client';
import { unfollowBrand } from '../audience/follow-brand';
import { createEmailChannel } from '../channels/email-channel';
import { createInAppChannel } from '../channels/inapp-channel';
import { createLineChannel } from '../channels/line-channel';
import { startHttpStandIn } from '../channels/testing/http-stand-in';
import { startSmtpSink } from '../channels/testing/smtp-sink';
import { createTrackingLinks } from '../channels/tracking-links';
import { createSmtpMail } from '../mail/smtp-mail';
import { createDiskFileStorage } from '../storage/disk-file-storage';
import { createStep } from './announcement-service';
import { DeliveryWorker } from './delivery-worker';
import { enqueueStep } from './enqueue-deliveries';
import { stepReport } from './step-report';
import { seedAudience } from './testing/seed-audience';

let database: TestDatabase;
let folder: string;
beforeAll(async () => {
  database = await createTestDatabase();
  folder = await mkdtemp(path.join(tmpdir(), 'livecart-unfollow-'));
});
afterAll(async () => {
  await database?.drop();
  await rm(folder, { recursive: true, force: true });
});

it('counts the deliveries of a follower who unfollowed mid-send as skipped, in a range and while waiting for a retry', async () => {
  const db = database.db;
  const audience = await seedAudience(db, { followers: 6, startsInMinutes: 30, emails: true });
  await db.$executeRaw(
    Prisma.sql`UPDATE "Follower" SET "lineUserId" = 'U' || md5("id") WHERE "brandId" = ${audience.brandId}`,
  );
  const followers = await db.follower.findMany({
    where: { brandId: audience.brandId },
    orderBy: { id: 'asc' },
    select: { userId: true, lineUserId: true },
  });
  const unfollow = (userId: string) =>
    unfollowBrand(db, { userId, email: '', name: '', roles: new Map() }, audience.brandId);
  const step = await createStep(db, audience.brandId, audience.showId, {
    trigger: 'BEFORE_START',
    offsetMinutes: 60,
    segmentId: null,
    balloons: [{ type: 'text', text: 'Soon!' }],
  });

  const smtp = await startSmtpSink();
  const mail = createSmtpMail(smtp.url, 'Acme <shop@acme.test>');
  let lineUp = false; // LINE answers 500 (a temporary failure) until the test lets it through
  const line = await startHttpStandIn(() =>
    lineUp ? { status: 200, body: {} } : { status: 500, body: { message: 'try again' } },
  );
  let now = new Date();
  const links = createTrackingLinks('http://shop.test', 'secret');
  const worker = DeliveryWorker.create({
    db,
    name: 'unfollow',
    render: { storage: createDiskFileStorage(folder), publicBaseUrl: 'http://shop.test', linkSecret: 'secret' },
    channels: [
      createInAppChannel(null),
      createEmailChannel(mail, links, { ratePerSecond: 1000 }),
      createLineChannel(links, { channelAccessToken: 'test-token-0123456789', apiBaseUrl: line.baseUrl }),
    ],
    // retries wait a minute of the worker's clock, which only the test moves
    retry: { maxAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 },
    leaseMs: 30_000,
    clock: () => now,
    log: () => {},
  });
  try {
    const enqueueDeps = {
      storage: createDiskFileStorage(folder),
      publicBaseUrl: 'http://shop.test',
      linkSecret: 'secret',
      channels: new Set(['INAPP', 'EMAIL', 'LINE'] as const),
    };
    expect(await enqueueStep(db, enqueueDeps, step.id, now)).toEqual({ deliveries: 18 });
    // follower 0 unfollows before any range is claimed: their three rows vanish from the queues' ranges
    await unfollow(followers[0]!.userId!);
    await worker.tick();
    // in-app and email went out; every LINE row waits for a retry
    expect(await db.deliveryRetry.count({ where: { announcementId: step.id, channel: 'LINE' } })).toBe(5);
    // follower 1 unfollows while their LINE delivery waits for its retry
    await unfollow(followers[1]!.userId!);
    lineUp = true;
    now = new Date(now.getTime() + 10 * 60_000);
    for (
      let pass = 0;
      pass < 20 && (await db.announcement.findUniqueOrThrow({ where: { id: step.id } })).status !== 'SENT';
      pass++
    )
      await worker.tick();
  } finally {
    await worker.close();
    await mail.close();
    await smtp.close();
    await line.close();
  }

  expect((await db.announcement.findUniqueOrThrow({ where: { id: step.id } })).status).toBe('SENT');
  const report = await stepReport(db, step.id, 'SENT');
  expect(report.channels.INAPP).toMatchObject({ queued: 0, sent: 5, skipped: 1 });
  expect(report.channels.EMAIL).toMatchObject({ queued: 0, sent: 5, skipped: 1 });
  expect(report.channels.LINE).toMatchObject({ queued: 0, sent: 4, skipped: 2, failed: 0 });
  expect(report.totals).toMatchObject({ queued: 0, sent: 14, skipped: 4 });
  // LINE's accepted request went to the four who still follow
  const delivered = line.requests
    .filter((_, i) => i > 0)
    .flatMap((request) => (JSON.parse(request.body.toString()) as { to: string[] }).to);
  expect(delivered.sort()).toEqual(
    followers
      .slice(2)
      .map((f) => f.lineUserId!)
      .sort(),
  );
});

it('counts an unfollowed row as skipped when the show is cancelled before its range is claimed', async () => {
  const db = database.db;
  const audience = await seedAudience(db, { followers: 4, startsInMinutes: 30 });
  const followers = await db.follower.findMany({
    where: { brandId: audience.brandId },
    orderBy: { id: 'asc' },
    select: { userId: true },
  });
  const step = await createStep(db, audience.brandId, audience.showId, {
    trigger: 'BEFORE_START',
    offsetMinutes: 60,
    segmentId: null,
    balloons: [{ type: 'text', text: 'Soon!' }],
  });
  const enqueueDeps = {
    storage: createDiskFileStorage(folder),
    publicBaseUrl: 'http://shop.test',
    linkSecret: 'secret',
    channels: new Set(['INAPP'] as const),
  };
  expect(await enqueueStep(db, enqueueDeps, step.id, new Date())).toEqual({ deliveries: 4 });
  await unfollowBrand(db, { userId: followers[0]!.userId!, email: '', name: '', roles: new Map() }, audience.brandId);
  await db.show.update({ where: { id: audience.showId }, data: { status: 'CANCELLED' } });
  // a worker with no channel: it only cancels what the cancelled show still had to send
  const worker = DeliveryWorker.create({
    db,
    name: 'cancel',
    render: { storage: createDiskFileStorage(folder), publicBaseUrl: 'http://shop.test', linkSecret: 'secret' },
    channels: [],
    log: () => {},
  });
  try {
    await worker.tick();
  } finally {
    await worker.close();
  }
  const report = await stepReport(db, step.id, 'SENT');
  expect(report.channels.INAPP).toMatchObject({ queued: 0, sent: 0, skipped: 4 });
});
