// Migration 20261206040008_announcement_queue on a step that was SENDING when it ran: the outcomes recorded before
// have no DeliveryBatch, so the live report (queued = lastSeq - what the batches hold) counted sent rows as queued
// forever, and a channel with nothing left queued had no queue and vanished from the report. The database is
// migrated up to the migration before, rows are written in the old shape, then the rest of the migrations run.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testPostgresUrl } from '../../infra/test-support/test-database';
import { applyMigrations } from '../../prisma/migrator/apply-migrations';
import { Prisma } from '../../prisma/generated/client';
import { createEmailChannel } from '../channels/email-channel';
import { createInAppChannel } from '../channels/inapp-channel';
import { startSmtpSink } from '../channels/testing/smtp-sink';
import { createTrackingLinks } from '../channels/tracking-links';
import { createDatabase, type Database } from '../database/prisma-client';
import { createSmtpMail } from '../mail/smtp-mail';
import { createDiskFileStorage } from '../storage/disk-file-storage';
import { DeliveryWorker } from './delivery-worker';
import { stepReport } from './step-report';
import { seedAudience } from './testing/seed-audience';

const queueMigration = '20261206040008_announcement_queue';
const name = `livecart_test_qmig_${randomBytes(4).toString('hex')}`;
const url = (() => {
  const parsed = new URL(testPostgresUrl);
  parsed.pathname = `/${name}`;
  return parsed.toString();
})();
const admin = async (sql: string) => {
  const client = new pg.Client({ connectionString: testPostgresUrl });
  await client.connect();
  await client.query(sql).finally(() => client.end());
};
let db: Database;
let folder: string;

beforeAll(async () => {
  await admin(`CREATE DATABASE "${name}"`);
  await applyMigrations(url, { before: queueMigration });
  db = createDatabase(url, 4);
  folder = await mkdtemp(path.join(tmpdir(), 'livecart-qmig-'));
});
afterAll(async () => {
  await db?.$disconnect();
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  if (folder) await rm(folder, { recursive: true, force: true });
});

it('counts what was sent before the migration, keeps every channel in the report, and finishes delivery exactly once', async () => {
  const audience = await seedAudience(db, { followers: 6, startsInMinutes: 30, emails: true });
  const followers = (
    await db.follower.findMany({
      where: { brandId: audience.brandId },
      orderBy: { id: 'asc' },
      select: { id: true, email: true },
    })
  ).map((f) => ({ id: f.id, email: f.email! }));
  const stepId = `step-${randomBytes(4).toString('hex')}`;
  const rendered = JSON.stringify({
    title: 'Autumn bags live',
    showUrl: 'http://shop.test/shows/x',
    balloons: [{ type: 'text', text: 'Starting soon!' }],
  });
  // The old shape: no template, no seq; each row carries its rendered message.
  await db.$executeRaw(Prisma.sql`INSERT INTO "Announcement" ("id", "brandId", "showId", "offsetMinutes", "balloons", "status")
    VALUES (${stepId}, ${audience.brandId}, ${audience.showId}, 60, '[{"type":"text","text":"Starting soon!"}]'::jsonb, 'SENDING')`);
  const old = (i: number, channel: string, status: string, attempts: number, delivered: boolean) => Prisma.sql`(
    ${`${stepId}-${channel}-${i}`}, ${stepId}, ${followers[i]!.id}, ${channel}::"DeliveryChannel", ${status}::"DeliveryStatus", ${rendered}::jsonb, ${attempts},
    ${new Date(Date.now() - 60_000)}, ${status === 'SENT' ? new Date() : null}, ${delivered ? new Date() : null}, ${new Date(Date.now() - 120_000 + i * 1000)})`;
  await db.$executeRaw(Prisma.sql`INSERT INTO "AnnouncementDelivery"
    ("id", "announcementId", "followerId", "channel", "status", "rendered", "attempts", "nextAttemptAt", "sentAt", "deliveredAt", "createdAt") VALUES
    ${Prisma.join([
      // in-app: all six sent before the migration (nothing left queued)
      ...followers.map((_, i) => old(i, 'INAPP', 'SENT', 1, true)),
      // email: queued rows interleaved with finished ones, as the old worker left them
      old(0, 'EMAIL', 'SENT', 1, true),
      old(1, 'EMAIL', 'QUEUED', 0, false),
      old(2, 'EMAIL', 'SENT', 1, false),
      old(3, 'EMAIL', 'FAILED', 5, false),
      old(4, 'EMAIL', 'QUEUED', 2, false), // waiting for its retry
      old(5, 'EMAIL', 'QUEUED', 0, false),
    ])}`);

  expect(await applyMigrations(url)).toContain(queueMigration);

  const before = await stepReport(db, stepId, 'SENDING');
  expect(before.channels.INAPP).toMatchObject({ queued: 0, sent: 6, delivered: 6, failed: 0, skipped: 0 });
  expect(before.channels.EMAIL).toMatchObject({ queued: 3, sent: 2, delivered: 1, failed: 1, skipped: 0 });

  const smtp = await startSmtpSink();
  const links = createTrackingLinks('http://shop.test', 'secret');
  const mail = createSmtpMail(smtp.url, 'Acme <shop@acme.test>');
  const worker = DeliveryWorker.create({
    db,
    name: 'after-migration',
    render: { storage: createDiskFileStorage(folder), publicBaseUrl: 'http://shop.test', linkSecret: 'secret' },
    channels: [createInAppChannel(null), createEmailChannel(mail, links, { ratePerSecond: 1000 })],
    retry: { maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 200 },
    leaseMs: 30_000,
    log: () => {},
  });
  try {
    for (let pass = 0; pass < 200; pass++) {
      await worker.tick();
      if ((await db.announcement.findUniqueOrThrow({ where: { id: stepId } })).status === 'SENT') break;
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
  } finally {
    await worker.close();
    await mail.close();
    await smtp.close();
  }

  expect((await db.announcement.findUniqueOrThrow({ where: { id: stepId } })).status).toBe('SENT');
  // the three still owed went out once each; the ones sent or failed before were not sent again
  expect(smtp.messages.flatMap((message) => message.to).sort()).toEqual(
    [followers[1]!.email, followers[4]!.email, followers[5]!.email].sort(),
  );
  const after = await stepReport(db, stepId, 'SENT');
  expect(after.channels.INAPP).toMatchObject({ queued: 0, sent: 6, failed: 0, skipped: 0 });
  expect(after.channels.EMAIL).toMatchObject({ queued: 0, sent: 5, failed: 1, skipped: 0 });
  expect(after.totals).toMatchObject({ queued: 0, sent: 11, failed: 1 });
});
