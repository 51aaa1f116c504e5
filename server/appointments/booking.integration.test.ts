import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
import { seedAudience, type SeededAudience } from '../announcements/testing/seed-audience';
import { listInbox } from '../announcements/inbox-service';
import { createDatabase, sqlPool, type Database } from '../database/prisma-client';
import { createOutboxMail } from '../mail/outbox-mail';
import { appointmentIcs } from './appointment-ics';
import { sendDueReminders } from './appointment-reminders';
import { getMyAppointment, staffCalendar } from './appointment-views';
import { listSlots, nearestBoutiques } from './availability-service';
import {
  cancelAppointment,
  confirmHold,
  expireHolds,
  holdSlot,
  rescheduleAppointment,
  staffEndAppointment,
} from './booking-service';
import { setSpecialDay } from './boutique-service';
import { seedBoutiques, type SeededBoutiques } from './testing/seed-boutiques';

// Monday 1 March 2027, 07:00 UTC = 08:00 in Paris; boutiques open 10:00-19:00 local.
const now = Date.parse('2027-03-01T07:00:00Z');
const paris = (time: string) => new Date(`2027-03-01T${time}:00+01:00`).toISOString();

let database: TestDatabase;
let db: Database;
let audience: SeededAudience;
let seeded: SeededBoutiques;
let userPrefix = '';
const user = (i: number) => `${userPrefix}-u${i}`;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDatabase(database.url, 20);
  audience = await seedAudience(database.db, { followers: 300, emails: true });
  userPrefix = (await database.db.user.findFirstOrThrow({ where: { id: { endsWith: '-u1' } } })).id.slice(0, -3);
  seeded = await seedBoutiques(database.db, audience.brandId);
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

/** Overlapping active appointments of one advisor (buffers aside) or more of them in one slot than it has seats. */
async function doubleBooked(): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT (
      SELECT count(*) FROM "Appointment" a JOIN "Appointment" b ON a."advisorId" = b."advisorId" AND a."id" < b."id"
        AND a."startsAt" < b."endsAt" AND b."startsAt" < a."endsAt" AND NOT (a."startsAt" = b."startsAt" AND a."typeId" = b."typeId")
      WHERE a."status" IN ('HELD', 'BOOKED') AND b."status" IN ('HELD', 'BOOKED')
    ) + (
      SELECT count(*) FROM (SELECT a."slotId" FROM "Appointment" a JOIN "AppointmentSlot" s ON s."id" = a."slotId"
        WHERE a."status" IN ('HELD', 'BOOKED') GROUP BY a."slotId", s."capacity" HAVING count(*) > s."capacity") over
    ) AS n`;
  return Number(row!.n);
}

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (error: { code?: string }) => error.code ?? String(error),
  );

describe('booking a slot', () => {
  it('gives one slot to exactly one of 200 customers asking at once', async () => {
    const advisorId = seeded.advisorIds[0]![0]!;
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        outcome(
          holdSlot(
            db,
            audience.brandId,
            user(i + 1),
            {
              boutiqueId: seeded.boutiqueIds[0]!,
              typeId: seeded.typeIds.PRIVATE_VIEWING,
              advisorId,
              startsAt: paris('11:00'),
              reminderChannels: ['INAPP'],
            },
            now,
          ),
        ),
      ),
    );
    expect(results.filter((r) => r === 'OK')).toHaveLength(1);
    expect(results.filter((r) => r === 'SLOT_TAKEN')).toHaveLength(199);
    expect(await doubleBooked()).toBe(0);
  });

  it('lets the database alone refuse overlapping bookings: 200 racing calls of the hold function, without the process gate', async () => {
    // Straight to PostgreSQL, as 200 processes would: overlapping starts (every 5 minutes from 14:00 Paris) and types,
    // one advisor. The busy cells' key must let through only appointments that do not overlap.
    const advisorId = seeded.advisorIds[0]![0]!;
    const pool = sqlPool(db);
    const types = [seeded.typeIds.PRIVATE_VIEWING, seeded.typeIds.FITTING];
    const results = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const start = Date.parse(paris('14:00')) + (i % 12) * 5 * 60_000;
        const ends = new Date(start + 60 * 60_000).toISOString();
        const { rows } = await pool.query<{ result: string }>(
          'SELECT livecart_hold_appointment($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9, $8, $9, 1, $10, NULL, $11, NULL, $12, NULL) AS result',
          [
            `race-${i}`,
            `race-slot-${i}`,
            audience.brandId,
            seeded.boutiqueIds[0]!,
            advisorId,
            types[i % 2]!,
            user(251 + (i % 49)),
            new Date(start).toISOString(),
            ends,
            'BOOKED',
            ['INAPP'],
            new Date(now).toISOString(),
          ],
        );
        return rows[0]!.result;
      }),
    );
    expect(results.filter((r) => r === 'OK')).toHaveLength(1);
    expect(new Set(results.filter((r) => r !== 'OK'))).toEqual(new Set(['TAKEN', 'FULL']));
    expect(await doubleBooked()).toBe(0);
    // And the slot's CHECK holds even against a direct write.
    await expect(
      pool.query(`UPDATE "AppointmentSlot" SET "taken" = "capacity" + 1 WHERE "advisorId" = $1`, [advisorId]),
    ).rejects.toThrow(/AppointmentSlot_seats/);
  });

  it('gives the same time to one customer per advisor when any advisor will do, and fills a group slot seat by seat', async () => {
    const anyAdvisor = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        outcome(
          holdSlot(
            db,
            audience.brandId,
            user(i + 1),
            {
              boutiqueId: seeded.boutiqueIds[1]!,
              typeId: seeded.typeIds.PRIVATE_VIEWING,
              startsAt: paris('12:00'),
              reminderChannels: ['INAPP'],
            },
            now,
          ),
        ),
      ),
    );
    expect(anyAdvisor.filter((r) => r === 'OK')).toHaveLength(2);
    const group = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        outcome(
          holdSlot(
            db,
            audience.brandId,
            user(i + 201),
            {
              boutiqueId: seeded.boutiqueIds[1]!,
              typeId: seeded.typeIds.VIRTUAL,
              advisorId: seeded.advisorIds[1]![0]!,
              startsAt: paris('15:00'),
              reminderChannels: ['INAPP'],
            },
            now,
          ),
        ),
      ),
    );
    expect(group.filter((r) => r === 'OK')).toHaveLength(3); // capacity 3
    expect(group.filter((r) => r === 'FULL' || r === 'SLOT_TAKEN')).toHaveLength(47);
    const slots = await listSlots(
      db,
      audience.brandId,
      seeded.boutiqueIds[1]!,
      { typeId: seeded.typeIds.VIRTUAL, from: paris('10:00'), days: 1 },
      now,
    );
    expect(slots.find((slot) => slot.startsAt === paris('15:00'))?.advisorIds).toEqual([seeded.advisorIds[1]![1]!]);
    expect(await doubleBooked()).toBe(0);
  });

  it('keeps an advisor’s buffers between appointments of different types', async () => {
    const base = {
      boutiqueId: seeded.boutiqueIds[2]!,
      advisorId: seeded.advisorIds[2]![0]!,
      reminderChannels: ['INAPP' as const],
    };
    // London: 10:00 local = 10:00Z. A fitting (45 min, 15 before and after) is busy 09:45-11:00.
    await holdSlot(
      db,
      audience.brandId,
      user(1),
      { ...base, typeId: seeded.typeIds.FITTING, startsAt: '2027-03-01T10:00:00.000Z' },
      now,
    );
    expect(
      await outcome(
        holdSlot(
          db,
          audience.brandId,
          user(2),
          { ...base, typeId: seeded.typeIds.PRIVATE_VIEWING, startsAt: '2027-03-01T10:30:00.000Z' },
          now,
        ),
      ),
    ).toBe('SLOT_TAKEN');
    expect(
      await outcome(
        holdSlot(
          db,
          audience.brandId,
          user(2),
          { ...base, typeId: seeded.typeIds.PRIVATE_VIEWING, startsAt: '2027-03-01T11:00:00.000Z' },
          now,
        ),
      ),
    ).toBe('OK');
    // A private viewing (60 min + 15 after) at 11:00 keeps the advisor until 12:15: a fitting at 12:15 needs 12:00 free.
    expect(
      await outcome(
        holdSlot(
          db,
          audience.brandId,
          user(3),
          { ...base, typeId: seeded.typeIds.FITTING, startsAt: '2027-03-01T12:15:00.000Z' },
          now,
        ),
      ),
    ).toBe('SLOT_TAKEN');
    expect(
      await outcome(
        holdSlot(
          db,
          audience.brandId,
          user(3),
          { ...base, typeId: seeded.typeIds.FITTING, startsAt: '2027-03-01T12:30:00.000Z' },
          now,
        ),
      ),
    ).toBe('OK');
  });

  it('refuses times that are not slots: off the grid, too soon, outside hours, a closed day; and another brand’s boutique', async () => {
    const base = {
      boutiqueId: seeded.boutiqueIds[3]!,
      typeId: seeded.typeIds.PRIVATE_VIEWING,
      reminderChannels: ['INAPP' as const],
    };
    const tokyo = (time: string) => new Date(`2027-03-02T${time}:00+09:00`).toISOString();
    expect(await outcome(holdSlot(db, audience.brandId, user(5), { ...base, startsAt: tokyo('10:10') }, now))).toBe(
      'SLOT_UNAVAILABLE',
    );
    expect(await outcome(holdSlot(db, audience.brandId, user(5), { ...base, startsAt: tokyo('18:30') }, now))).toBe(
      'SLOT_UNAVAILABLE',
    );
    expect(
      await outcome(
        holdSlot(db, audience.brandId, user(5), { ...base, startsAt: tokyo('10:00') }, Date.parse(tokyo('09:30'))),
      ),
    ).toBe('SLOT_UNAVAILABLE');
    await setSpecialDay(database.db, audience.brandId, seeded.boutiqueIds[3]!, {
      date: '2027-03-02',
      closed: true,
      hours: [],
      note: 'Inventory',
    });
    expect(await outcome(holdSlot(db, audience.brandId, user(5), { ...base, startsAt: tokyo('10:00') }, now))).toBe(
      'SLOT_UNAVAILABLE',
    );
    expect(
      await outcome(
        holdSlot(db, audience.brandId, user(5), { ...base, startsAt: tokyo('10:00').replace('02T', '03T') }, now),
      ),
    ).toBe('OK');
    const other = await seedAudience(database.db, { followers: 1 });
    expect(
      await outcome(
        holdSlot(db, other.brandId, user(5), { ...base, startsAt: tokyo('11:00').replace('02T', '03T') }, now),
      ),
    ).toBe('NOT_FOUND');
  });
});

describe('after the hold', () => {
  const base = () => ({
    boutiqueId: seeded.boutiqueIds[0]!,
    typeId: seeded.typeIds.PRIVATE_VIEWING,
    advisorId: seeded.advisorIds[0]![1]!,
    reminderChannels: ['INAPP' as const, 'EMAIL' as const],
  });

  it('releases a hold she did not confirm in time to the next customer, and refuses the late confirm', async () => {
    const held = await holdSlot(db, audience.brandId, user(10), { ...base(), startsAt: paris('16:00') }, now);
    expect(
      await outcome(holdSlot(db, audience.brandId, user(11), { ...base(), startsAt: paris('16:00') }, now + 60_000)),
    ).toBe('SLOT_TAKEN');
    const later = now + 6 * 60_000;
    expect(await outcome(confirmHold(db, user(10), held.id, undefined, later))).toBe('HOLD_EXPIRED');
    const second = await holdSlot(db, audience.brandId, user(11), { ...base(), startsAt: paris('16:00') }, later);
    await confirmHold(db, user(11), second.id, undefined, later);
    expect((await getMyAppointment(db, user(11), second.id)).status).toBe('BOOKED');
    expect((await getMyAppointment(db, user(10), held.id)).status).toBe('EXPIRED');
    expect(await expireHolds(db, later)).toBeGreaterThanOrEqual(0);
  });

  it('moves a booking to an overlapping time with the same advisor, cancels once, and marks a no-show only after the start', async () => {
    const held = await holdSlot(db, audience.brandId, user(12), { ...base(), startsAt: paris('13:00') }, now);
    await confirmHold(db, user(12), held.id, undefined, now);
    const moved = await rescheduleAppointment(db, user(12), held.id, { startsAt: paris('13:30') }, now);
    expect((await getMyAppointment(db, user(12), held.id)).status).toBe('CANCELLED');
    expect(await getMyAppointment(db, user(12), moved.id)).toMatchObject({
      startsAt: paris('13:30'),
      advisor: { id: seeded.advisorIds[0]![1]! },
    });
    // Someone else's appointment cannot be touched: it is not found for her.
    expect(await outcome(cancelAppointment(db, user(13), moved.id, now))).toBe('NOT_FOUND');
    expect(await outcome(staffEndAppointment(db, audience.brandId, moved.id, 'NO_SHOW', now))).toBe(
      'APPOINTMENT_NOT_ACTIVE',
    );
    await staffEndAppointment(db, audience.brandId, moved.id, 'NO_SHOW', Date.parse(paris('13:45')));
    expect((await getMyAppointment(db, user(12), moved.id)).status).toBe('NO_SHOW');
    const again = await holdSlot(db, audience.brandId, user(14), { ...base(), startsAt: paris('10:00') }, now);
    await confirmHold(db, user(14), again.id, undefined, now);
    await cancelAppointment(db, user(14), again.id, now);
    expect(await outcome(cancelAppointment(db, user(14), again.id, now))).toBe('APPOINTMENT_NOT_ACTIVE');
    // The cancelled time is free again.
    expect(await outcome(holdSlot(db, audience.brandId, user(15), { ...base(), startsAt: paris('10:00') }, now))).toBe(
      'OK',
    );
    const calendar = await staffCalendar(db, audience.brandId, seeded.boutiqueIds[0]!, {
      from: paris('00:00'),
      days: 1,
      advisorId: seeded.advisorIds[0]![1]!,
    });
    expect(calendar.appointments.map((a) => a.status)).toContain('NO_SHOW');
    expect(calendar.appointments.every((a) => a.customer?.email)).toBe(true);
  });

  it('reminds her 24 h and 1 h before, once each, in her inbox with a calendar file and by email', async () => {
    const held = await holdSlot(
      db,
      audience.brandId,
      user(20),
      { ...base(), startsAt: paris('18:00'), productId: audience.productId },
      now,
    );
    await confirmHold(db, user(20), held.id, undefined, now);
    const mail = createOutboxMail(db);
    const deps = { db, mail, publicBaseUrl: 'https://shop.example' };
    expect(await sendDueReminders(deps, now)).toBeGreaterThanOrEqual(1);
    expect(await sendDueReminders(deps, now + 60_000)).toBe(0);
    const inbox = await listInbox(db, user(20));
    const reminder = inbox.items.find((item) => item.message.title.includes('Rue Saint-Honoré'));
    expect(reminder?.message.balloons[0]).toMatchObject({
      type: 'text',
      text: expect.stringContaining('Tote bag is set aside for you'),
    });
    expect(reminder?.message.balloons[1]).toMatchObject({
      type: 'button',
      url: `https://shop.example/api/me/appointments/${held.id}/calendar.ics`,
    });
    const beforeHour = Date.parse(paris('17:05'));
    await sendDueReminders(deps, beforeHour);
    const mails = await db.mailOutbox.findMany({ where: { to: { startsWith: `${userPrefix}-20@` } } });
    expect(mails.map((m) => m.subject).sort()).toEqual([
      expect.stringContaining('coming up'),
      expect.stringContaining('in an hour'),
    ]);
    const ics = appointmentIcs(
      await getMyAppointment(db, user(20), held.id),
      'Maison, Paris',
      'https://shop.example/appointments',
    );
    expect(ics).toContain('DTSTART:20270301T170000Z');
    expect(ics).toContain('SUMMARY:Maison\\, Paris: Private viewing');
    expect(ics.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
  });
});

describe('the nearest boutique', () => {
  it('orders by distance computed in SQL, from a position or a typed city, with each one’s next free slot', async () => {
    const fromMontaigne = await nearestBoutiques(
      db,
      audience.brandId,
      { typeId: seeded.typeIds.PRIVATE_VIEWING, lat: 48.8665, lng: 2.305 },
      now,
    );
    expect(fromMontaigne.map((b) => b.name)).toEqual([
      'Avenue Montaigne',
      'Rue Saint-Honoré',
      'Sloane Street',
      'Ginza',
    ]);
    expect(fromMontaigne[0]!.distanceKm).toBeLessThan(0.2);
    expect(fromMontaigne[2]!.distanceKm).toBeGreaterThan(300);
    expect(fromMontaigne[0]!.nextSlot?.startsAt).toBe(paris('10:00'));
    expect(fromMontaigne[0]!.openNow).toBe(false); // 08:00 in Paris
    expect(
      (
        await nearestBoutiques(db, audience.brandId, { typeId: seeded.typeIds.PRIVATE_VIEWING, city: 'london' }, now)
      )[0]!.name,
    ).toBe('Sloane Street');
    expect(
      (await nearestBoutiques(db, audience.brandId, { typeId: seeded.typeIds.PRIVATE_VIEWING, city: 'Osaka' }, now))[0]!
        .name,
    ).toBe('Ginza');
    expect(
      await outcome(
        nearestBoutiques(db, audience.brandId, { typeId: seeded.typeIds.PRIVATE_VIEWING, city: 'Atlantis' }, now),
      ),
    ).toBe('VALIDATION_FAILED');
  });
});
