import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
import { createDatabase } from '../database/prisma-client';
import { markShowLive } from '../shows/show-lifecycle';
import { createShowEvents } from '../shows/show-events';
import { cancelShow, updateShow } from '../shows/show-service';
import { createDiskFileStorage } from '../storage/disk-file-storage';
import { createInAppChannel } from '../channels/inapp-channel';
import { createStep } from './announcement-service';
import { DeliveryWorker } from './delivery-worker';
import { subscribeToShowEvents } from './schedule-sync';
import { seedAudience, type SeededAudience } from './testing/seed-audience';

let database: TestDatabase;
let folder: string;
const minute = 60_000;

beforeAll(async () => {
  database = await createTestDatabase();
  folder = await mkdtemp(path.join(tmpdir(), 'livecart-ann-'));
});
afterAll(async () => {
  await database?.drop();
  await rm(folder, { recursive: true, force: true });
});

/** A worker as a fresh process would build it: its own database connection, its own clock. */
function startWorker(url: string, clock: () => Date) {
  const db = createDatabase(url, 3);
  const worker = DeliveryWorker.create({
    db,
    render: { storage: createDiskFileStorage(folder), publicBaseUrl: 'http://shop.test', linkSecret: 'secret' },
    channels: [createInAppChannel(null)],
    clock,
    log: () => {},
  });
  return {
    worker,
    db,
    async stop() {
      await worker.close();
      await db.$disconnect();
    },
  };
}

const text = (value: string) => [{ type: 'text' as const, text: value }];

async function countdown(audience: SeededAudience) {
  const db = database.db;
  const steps = {
    threeDays: await createStep(db, audience.brandId, audience.showId, {
      trigger: 'BEFORE_START',
      offsetMinutes: 3 * 24 * 60,
      segmentId: null,
      balloons: text('3 days, {{name}}'),
    }),
    oneDay: await createStep(db, audience.brandId, audience.showId, {
      trigger: 'BEFORE_START',
      offsetMinutes: 24 * 60,
      segmentId: null,
      balloons: text('Tomorrow!'),
    }),
    oneHour: await createStep(db, audience.brandId, audience.showId, {
      trigger: 'BEFORE_START',
      offsetMinutes: 60,
      segmentId: null,
      balloons: text('In an hour'),
    }),
    live: await createStep(db, audience.brandId, audience.showId, {
      trigger: 'LIVE_NOW',
      offsetMinutes: 0,
      segmentId: null,
      balloons: text('We are live!'),
    }),
  };
  return steps;
}

const deliveriesOf = (stepId: string) =>
  database.db.announcementDelivery.count({ where: { announcementId: stepId, status: 'SENT' } });
const statusOf = async (stepId: string) =>
  (await database.db.announcement.findUniqueOrThrow({ where: { id: stepId } })).status;

describe('countdown schedule', () => {
  it('sends each step at its time, across a worker restart, and "live now" when the show goes live', async () => {
    const audience = await seedAudience(database.db, { followers: 25, startsInMinutes: 3 * 24 * 60 + 30 });
    const steps = await countdown(audience);
    const start = (
      await database.db.show.findUniqueOrThrow({ where: { id: audience.showId } })
    ).scheduledStartAt.getTime();

    // 2 days 23 h 29 min before: nothing is due yet.
    let now = new Date(start - 3 * 24 * 60 * minute - minute);
    const first = startWorker(database.url, () => now);
    await first.worker.wake();
    expect(await deliveriesOf(steps.threeDays.id)).toBe(0);
    now = new Date(start - 3 * 24 * 60 * minute + minute);
    await first.worker.wake();
    expect(await deliveriesOf(steps.threeDays.id)).toBe(25);
    expect(await statusOf(steps.threeDays.id)).toBe('SENT');
    await first.stop();

    // The process is gone while the one-day step becomes due; a new worker finds it from the database alone.
    now = new Date(start - 24 * 60 * minute + 5 * minute);
    const second = startWorker(database.url, () => now);
    await second.worker.wake();
    expect(await deliveriesOf(steps.oneDay.id)).toBe(25);
    expect(await deliveriesOf(steps.threeDays.id)).toBe(25);
    expect(await statusOf(steps.oneHour.id)).toBe('PENDING');

    // The host goes live early: "live now" goes out, the one-hour step will never be due.
    const events = createShowEvents();
    const unsubscribe = subscribeToShowEvents(
      database.db,
      events,
      () => {},
      () => {},
    );
    await markShowLive(database.db, events, audience.showId);
    await second.worker.wake();
    expect(await deliveriesOf(steps.live.id)).toBe(25);
    expect(await statusOf(steps.oneHour.id)).toBe('CANCELLED');
    expect(await database.db.announcementDelivery.count({ where: { announcementId: steps.oneHour.id } })).toBe(0);
    const rendered = await database.db.announcementDelivery.findFirstOrThrow({
      where: { announcementId: steps.threeDays.id, followerId: { endsWith: '-f7' } },
    });
    // The row keeps the follower's own text; the rest of the message is the step's template.
    expect(rendered.personal).toEqual(['3 days, Follower 7']);
    unsubscribe();
    await second.stop();
  });

  it('rescheduling moves pending steps; cancelling the show cancels them', async () => {
    const audience = await seedAudience(database.db, { followers: 5, startsInMinutes: 2 * 24 * 60 });
    const steps = await countdown(audience);
    const events = createShowEvents();
    const unsubscribe = subscribeToShowEvents(
      database.db,
      events,
      () => {},
      () => {},
    );
    const show = await database.db.show.findUniqueOrThrow({ where: { id: audience.showId } });
    const later = new Date(show.scheduledStartAt.getTime() + 7 * 24 * 60 * minute);
    await updateShow(database.db, events, audience.brandId, audience.showId, { scheduledStartAt: later });
    const sendAtOf = async (id: string) =>
      (await database.db.announcement.findUniqueOrThrow({ where: { id } })).sendAt?.getTime();
    await expect.poll(() => sendAtOf(steps.oneDay.id), { timeout: 10_000 }).toBe(later.getTime() - 24 * 60 * minute);
    expect(await sendAtOf(steps.oneHour.id)).toBe(later.getTime() - 60 * minute);

    // At the old one-day time nothing goes out any more (the three-day step did: it was already past due).
    const now = new Date(show.scheduledStartAt.getTime() - 24 * 60 * minute + minute);
    const worker = startWorker(database.url, () => now);
    await worker.worker.wake();
    expect(await deliveriesOf(steps.oneDay.id)).toBe(0);

    // The worker cancels them from the show row even when nobody handles the event (the worker is another process).
    unsubscribe();
    await cancelShow(database.db, events, audience.brandId, audience.showId);
    expect(await statusOf(steps.oneDay.id)).toBe('PENDING');
    await worker.worker.wake();
    for (const step of [steps.oneDay, steps.oneHour, steps.live]) expect(await statusOf(step.id)).toBe('CANCELLED');
    await worker.stop();
  });
});
