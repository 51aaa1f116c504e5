import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
import { Prisma } from '../../prisma/generated/client';
import { createEmailChannel } from '../channels/email-channel';
import { createSmtpMail } from '../mail/smtp-mail';
import { createInAppChannel } from '../channels/inapp-channel';
import { createLineChannel } from '../channels/line-channel';
import { startHttpStandIn } from '../channels/testing/http-stand-in';
import { startSmtpSink } from '../channels/testing/smtp-sink';
import { createTrackingLinks } from '../channels/tracking-links';
import { createDatabase } from '../database/prisma-client';
import { createDiskFileStorage } from '../storage/disk-file-storage';
import { createStep } from './announcement-service';
import { claimDeliveries } from './claim-deliveries';
import { defaultRetryPolicy, recordOutcomes } from './record-outcomes';
import { DeliveryWorker } from './delivery-worker';
import { enqueueStep } from './enqueue-deliveries';
import { seedAudience } from './testing/seed-audience';

let database: TestDatabase;
let folder: string;
beforeAll(async () => {
  database = await createTestDatabase();
  folder = await mkdtemp(path.join(tmpdir(), 'livecart-once-'));
});
afterAll(async () => {
  await database?.drop();
  await rm(folder, { recursive: true, force: true });
});

describe('delivery with two workers on one database', () => {
  it('delivers every (step, follower, channel) exactly once, retries failures with backoff, and respects opt-outs', async () => {
    const followers = 240;
    const audience = await seedAudience(database.db, { followers, startsInMinutes: 30, emails: true });
    await database.db.$executeRaw(
      Prisma.sql`UPDATE "Follower" SET "lineUserId" = 'U' || md5("id") WHERE "brandId" = ${audience.brandId}`,
    );
    // Follower 5 opted out of email before the step; follower 6 will opt out of LINE after it is enqueued.
    await database.db.follower.updateMany({
      where: { brandId: audience.brandId, id: { endsWith: '-f5' } },
      data: { optOutEmail: true },
    });

    const smtp = await startSmtpSink();
    const seenRetryKeys = new Set<string>();
    let failFirst = true;
    const acceptedBodies: string[] = [];
    const line = await startHttpStandIn((request) => {
      const key = String(request.headers['x-line-retry-key']);
      if (failFirst) {
        failFirst = false;
        return { status: 500, body: { message: 'try again' } };
      }
      // Like LINE: a retry key that was already accepted answers 409 and sends nothing.
      if (seenRetryKeys.has(key)) return { status: 409, body: { message: 'already accepted' } };
      seenRetryKeys.add(key);
      acceptedBodies.push(request.body.toString());
      return { status: 200, body: {} };
    });

    const step = await createStep(database.db, audience.brandId, audience.showId, {
      trigger: 'BEFORE_START',
      offsetMinutes: 60,
      segmentId: null,
      balloons: [
        { type: 'text', text: 'Starting soon!' },
        { type: 'product', productId: audience.productId, label: 'Buy now' },
      ],
    });

    const workers = ['a', 'b'].map((name) => {
      const db = createDatabase(database.url, 4);
      const links = createTrackingLinks('http://shop.test', 'secret');
      const email = createEmailChannel(createSmtpMail(smtp.url, 'Acme <shop@acme.test>'), links, {
        ratePerSecond: 1000,
      });
      const worker = DeliveryWorker.create({
        db,
        name,
        render: { storage: createDiskFileStorage(folder), publicBaseUrl: 'http://shop.test', linkSecret: 'secret' },
        channels: [
          createInAppChannel(null),
          email,
          createLineChannel(links, { channelAccessToken: 'test-token-0123456789', apiBaseUrl: line.baseUrl }),
        ],
        retry: { maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 200 },
        leaseMs: 30_000,
        log: () => {},
      });
      return { worker, db, email };
    });

    // Both enqueue concurrently: one wins the step's row lock, the other skips it.
    const enqueueDeps = {
      storage: createDiskFileStorage(folder),
      publicBaseUrl: 'http://shop.test',
      linkSecret: 'secret',
      channels: new Set(['INAPP', 'EMAIL', 'LINE'] as const),
    };
    const enqueued = await Promise.all(workers.map(({ db }) => enqueueStep(db, enqueueDeps, step.id, new Date())));
    expect(enqueued.filter((result) => result !== null)).toEqual([
      { deliveries: followers + (followers - 1) + followers },
    ]);
    // Follower 6 opts out of LINE after the step was enqueued: the claim sees it and skips the delivery.
    await database.db.follower.updateMany({
      where: { brandId: audience.brandId, id: { endsWith: '-f6' } },
      data: { optOutLine: true },
    });
    const started = Date.now();
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      await Promise.all(workers.map(({ worker }) => worker.tick()));
      const queued = await database.db.announcementDelivery.count({
        where: { announcementId: step.id, status: 'QUEUED' },
      });
      if (queued === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 60));
    }

    console.log(`drained in ${Date.now() - started} ms`);
    const rows = await database.db.announcementDelivery.groupBy({
      by: ['channel', 'status'],
      where: { announcementId: step.id },
      _count: true,
    });
    const count = (channel: string, status: string) =>
      rows.find((row) => row.channel === channel && row.status === status)?._count ?? 0;
    expect(count('INAPP', 'SENT')).toBe(followers);
    expect(count('EMAIL', 'SENT')).toBe(followers - 1);
    expect(count('LINE', 'SENT')).toBe(followers - 1);
    expect(count('LINE', 'SKIPPED')).toBe(1);
    expect(
      await database.db.announcementDelivery.count({
        where: { announcementId: step.id, status: { in: ['QUEUED', 'FAILED'] } },
      }),
    ).toBe(0);

    // SMTP received each address exactly once.
    const recipients = smtp.messages.flatMap((message) => message.to);
    expect(recipients.length).toBe(followers - 1);
    expect(new Set(recipients).size).toBe(followers - 1);
    expect(smtp.messages[0]?.raw).toMatch(/List-Unsubscribe:/);

    // LINE: identical messages went out by multicast, at most 500 per request, each request with a retry key;
    // the failed first request was retried and every LINE user got the step once.
    expect(line.requests.every((request) => request.path === '/v2/bot/message/multicast')).toBe(true);
    expect(line.requests.every((request) => typeof request.headers['x-line-retry-key'] === 'string')).toBe(true);
    expect(line.requests.every((request) => request.headers.authorization === 'Bearer test-token-0123456789')).toBe(
      true,
    );
    const delivered = new Map<string, number>();
    for (const raw of acceptedBodies) {
      const body = JSON.parse(raw) as { to: string[]; messages: { type: string }[] };
      expect(body.to.length).toBeLessThanOrEqual(500);
      expect(body.messages.map((message) => message.type)).toEqual(['text', 'template']);
      for (const to of body.to) delivered.set(to, (delivered.get(to) ?? 0) + 1);
    }
    expect(delivered.size).toBe(followers - 1);
    expect([...delivered.values()].every((times) => times === 1)).toBe(true);
    const retried = await database.db.announcementDelivery.count({
      where: { announcementId: step.id, channel: 'LINE', attempts: { gt: 1 } },
    });
    expect(retried).toBeGreaterThan(0);

    expect((await database.db.announcement.findUniqueOrThrow({ where: { id: step.id } })).status).toBe('SENT');
    await Promise.all(
      workers.map(async ({ worker, db, email }) => {
        await worker.close();
        await email.close?.();
        await db.$disconnect();
      }),
    );
    await smtp.close();
    await line.close();
  });

  it('a worker that dies after claiming loses its rows when the lease runs out; its late outcome is fenced off', async () => {
    const audience = await seedAudience(database.db, { followers: 30, startsInMinutes: 30 });
    const step = await createStep(database.db, audience.brandId, audience.showId, {
      trigger: 'BEFORE_START',
      offsetMinutes: 60,
      segmentId: null,
      balloons: [{ type: 'text', text: 'Hi' }],
    });
    let now = new Date();
    const sent: string[] = [];
    const worker = DeliveryWorker.create({
      db: database.db,
      render: { storage: createDiskFileStorage(folder), publicBaseUrl: 'http://shop.test', linkSecret: 'secret' },
      channels: [
        { ...createInAppChannel(null), afterCommit: (batch) => sent.push(...batch.map((delivery) => delivery.id)) },
      ],
      leaseMs: 60_000,
      clock: () => now,
      log: () => {},
    });
    await worker.tick(); // the one-hour step is due: enqueued and sent
    const first = await database.db.announcementDelivery.count({ where: { announcementId: step.id, status: 'SENT' } });
    expect(first).toBe(30);

    const second = await createStep(database.db, audience.brandId, audience.showId, {
      trigger: 'BEFORE_START',
      offsetMinutes: 45,
      segmentId: null,
      balloons: [{ type: 'text', text: 'Soon' }],
    });
    now = new Date(now.getTime() + 16 * 60_000); // the 45-minute step is due
    await enqueueStep(
      database.db,
      {
        storage: createDiskFileStorage(folder),
        publicBaseUrl: 'http://shop.test',
        linkSecret: 'secret',
        channels: new Set(['INAPP']),
      },
      second.id,
      now,
    );
    // A first "process" claims the new step's deliveries and dies before sending.
    const dead = await claimDeliveries(database.db, 'INAPP', 1000, now, new Date(now.getTime() + 60_000));
    if (!dead) throw new Error('nothing claimed');
    expect(dead.deliveries).toHaveLength(30);
    // Within the lease nobody else may take them.
    expect((await worker.tick()).sent).toBe(0);
    // After the lease the live worker takes over (attempt 2).
    now = new Date(now.getTime() + 61_000);
    expect((await worker.tick()).sent).toBe(30);
    // The dead worker wakes up and reports attempt 1: fenced off, nothing changes.
    const late = await recordOutcomes(
      database.db,
      dead.lease,
      dead.deliveries.map((delivery) => ({
        id: delivery.id,
        status: 'FAILED' as const,
        permanent: true,
        error: 'late',
        attempts: delivery.attempts,
      })),
      now,
      defaultRetryPolicy,
    );
    expect(late.size).toBe(0);
    const rows = await database.db.announcementDelivery.findMany({ where: { announcementId: second.id } });
    expect(rows.every((row) => row.status === 'SENT' && row.attempts === 2 && row.lastError === null)).toBe(true);
    expect(new Set(sent).size).toBe(60);
    await worker.close();
  });
});
