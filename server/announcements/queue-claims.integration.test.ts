import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
import { createDiskFileStorage } from '../storage/disk-file-storage';
import { createStep } from './announcement-service';
import { claimDeliveries } from './claim-deliveries';
import { completeSteps } from './due-steps';
import { enqueueStep } from './enqueue-deliveries';
import { defaultRetryPolicy, recordOutcomes } from './record-outcomes';
import { cancelStepsOfShow } from './schedule-sync';
import { stepReport } from './step-report';
import { seedAudience } from './testing/seed-audience';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.drop());

const deps = {
  storage: createDiskFileStorage('/tmp/unused'),
  publicBaseUrl: 'http://shop.test',
  linkSecret: 'secret',
  channels: new Set(['INAPP'] as const),
};

async function enqueuedStep(followers: number, now: Date) {
  const audience = await seedAudience(database.db, { followers, startsInMinutes: 30 });
  const step = await createStep(database.db, audience.brandId, audience.showId, {
    trigger: 'BEFORE_START',
    offsetMinutes: 60,
    segmentId: null,
    balloons: [{ type: 'text', text: 'Hi {{first_name}}' }],
  });
  expect(await enqueueStep(database.db, deps, step.id, now)).toEqual({ deliveries: followers });
  return { step, audience };
}

const lease = (now: Date) => new Date(now.getTime() + 60_000);

describe('the delivery queue', () => {
  it('hands out consecutive ranges, each once, with each row rendered for its follower', async () => {
    const now = new Date();
    const { step } = await enqueuedStep(25, now);
    const first = await claimDeliveries(database.db, 'INAPP', 10, now, lease(now));
    const second = await claimDeliveries(database.db, 'INAPP', 10, now, lease(now));
    const third = await claimDeliveries(database.db, 'INAPP', 10, now, lease(now));
    expect([first, second, third].map((claim) => claim?.deliveries.length)).toEqual([10, 10, 5]);
    expect(await claimDeliveries(database.db, 'INAPP', 10, now, lease(now))).toBeNull();
    const ids = [first, second, third].flatMap((claim) => claim?.deliveries.map((delivery) => delivery.id) ?? []);
    expect(new Set(ids).size).toBe(25);
    const one = first?.deliveries[0];
    expect(one?.message.balloons[0]).toEqual({ type: 'text', text: `Hi ${one?.follower.name.split(' ')[0]}` });
    expect((await stepReport(database.db, step.id, 'SENDING')).totals).toMatchObject({ queued: 25, sent: 0 });
  });

  it('retries a temporary failure after its backoff, and a cancelled show skips what is left, exactly counted', async () => {
    let now = new Date();
    const { step, audience } = await enqueuedStep(30, now);
    const claim = await claimDeliveries(database.db, 'INAPP', 10, now, lease(now));
    if (!claim) throw new Error('nothing claimed');
    const [failing, ...rest] = claim.deliveries;
    const outcomes = [
      { id: failing!.id, status: 'FAILED' as const, permanent: false, error: 'try later', attempts: 1 },
      ...rest.map((delivery) => ({ id: delivery.id, status: 'SENT' as const, delivered: true, attempts: 1 })),
    ];
    expect((await recordOutcomes(database.db, claim.lease, outcomes, now, defaultRetryPolicy)).size).toBe(9);
    // Not due yet: the next claim is a fresh range, not the retry.
    const fresh = await claimDeliveries(database.db, 'INAPP', 10, now, lease(now));
    expect(fresh?.lease.kind).toBe('range');
    // After the backoff the failed row comes back as a retry, attempt 2.
    now = new Date(now.getTime() + defaultRetryPolicy.baseDelayMs * 2);
    const retry = await claimDeliveries(database.db, 'INAPP', 10, now, lease(now));
    expect(retry?.lease.kind).toBe('retry');
    expect(retry?.deliveries.map((delivery) => [delivery.id, delivery.attempts])).toEqual([[failing!.id, 2]]);

    // The show is cancelled with 10 rows leased (fresh), the retry leased, and 10 never claimed.
    await database.db.show.update({ where: { id: audience.showId }, data: { status: 'CANCELLED' } });
    await cancelStepsOfShow(database.db, audience.showId);
    let report = await stepReport(database.db, step.id, 'SENDING');
    expect(report.totals).toMatchObject({ sent: 9, skipped: 10, queued: 11, failed: 0 });
    // The leased ones finish normally; the step is then complete.
    await recordOutcomes(
      database.db,
      fresh!.lease,
      fresh!.deliveries.map((delivery) => ({ id: delivery.id, status: 'SENT' as const, delivered: true, attempts: 1 })),
      now,
      defaultRetryPolicy,
    );
    await recordOutcomes(
      database.db,
      retry!.lease,
      [{ id: failing!.id, status: 'SENT', delivered: true, attempts: 2 }],
      now,
      defaultRetryPolicy,
    );
    report = await stepReport(database.db, step.id, 'SENDING');
    expect(report.totals).toMatchObject({ sent: 20, skipped: 10, queued: 0 });
    expect(await completeSteps(database.db)).toBeGreaterThanOrEqual(1);
    expect((await database.db.announcement.findUniqueOrThrow({ where: { id: step.id } })).status).toBe('SENT');
    const rows = await database.db.announcementDelivery.groupBy({
      by: ['status'],
      where: { announcementId: step.id },
      _count: true,
    });
    expect(Object.fromEntries(rows.map((row) => [row.status, row._count]))).toEqual({ SENT: 20, SKIPPED: 10 });
  });
});
