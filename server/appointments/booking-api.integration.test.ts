// The booking routes as a browser calls them: who may do what, and stable codes for bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, startTestApplication, type TestApplication } from '../../infra/test-support/test-application';
import { everyDay, seedBoutiques, type SeededBoutiques } from './testing/seed-boutiques';

let t: TestApplication;
let seeded: SeededBoutiques;
beforeAll(async () => {
  t = await startTestApplication();
  seeded = await seedBoutiques(t.database.db, t.demo.brandId, {
    hours: everyDay('00:00', '00:00'),
    availability: everyDay('00:00', '00:00'),
  });
});
afterAll(async () => t?.close());

describe('booking API', () => {
  it('lets anyone see slots, only a signed-in customer hold one, and only her see or move it', async () => {
    const base = `/api/brands/${t.demo.brandId}/booking`;
    const anonymous = t.client();
    const slots = await anonymous.get(
      `${base}/boutiques/${seeded.boutiqueIds[0]}/slots?typeId=${seeded.typeIds.PRIVATE_VIEWING}&days=2`,
    );
    expect(slots.statusCode).toBe(200);
    const first = slots.json().items[0] as { startsAt: string };
    const hold = {
      boutiqueId: seeded.boutiqueIds[0],
      typeId: seeded.typeIds.PRIVATE_VIEWING,
      startsAt: first.startsAt,
    };
    expect((await anonymous.post(`${base}/holds`, hold)).json().error.code).toBe('UNAUTHENTICATED');

    const viewer = await t.signedIn(demoAccounts.viewer);
    const held = await viewer.post(`${base}/holds`, hold);
    expect(held.statusCode).toBe(201);
    const id = held.json().id as string;
    expect((await viewer.post(`/api/me/appointments/${id}/confirm`, { reminderChannels: ['EMAIL'] })).json()).toEqual({
      id,
      status: 'BOOKED',
    });
    expect((await viewer.get(`/api/me/appointments/${id}`)).json()).toMatchObject({
      status: 'BOOKED',
      reminderChannels: ['EMAIL'],
      brandId: t.demo.brandId,
    });
    const host = await t.signedIn(demoAccounts.host);
    expect((await host.get(`/api/me/appointments/${id}`)).statusCode).toBe(404);
    expect((await host.post(`/api/me/appointments/${id}/cancel`)).statusCode).toBe(404);
    // Staff see it in the calendar; a customer may not.
    const calendar = `/api/brands/${t.demo.brandId}/boutiques/${seeded.boutiqueIds[0]}/calendar?from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&days=3`;
    expect((await host.get(calendar)).json().appointments.map((a: { id: string }) => a.id)).toContain(id);
    expect((await viewer.get(calendar)).statusCode).toBe(404);
    const ics = await viewer.get(`/api/me/appointments/${id}/calendar.ics`);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toMatch(/^BEGIN:VCALENDAR\r\n/);
  });

  it('answers bad input with stable codes, never a crash', async () => {
    const viewer = await t.signedIn(demoAccounts.viewer);
    const base = `/api/brands/${t.demo.brandId}/booking`;
    const codeOf = async (promise: Promise<{ json(): { error?: { code: string } } }>) =>
      (await promise).json().error?.code;
    expect(
      await codeOf(
        viewer.post(`${base}/holds`, {
          boutiqueId: seeded.boutiqueIds[0],
          typeId: seeded.typeIds.PRIVATE_VIEWING,
          startsAt: 'tomorrow',
        }),
      ),
    ).toBe('VALIDATION_FAILED');
    expect(
      await codeOf(
        viewer.post(`${base}/holds`, {
          boutiqueId: 'nope',
          typeId: seeded.typeIds.PRIVATE_VIEWING,
          startsAt: new Date().toISOString(),
        }),
      ),
    ).toBe('NOT_FOUND');
    expect(
      await codeOf(
        viewer.post(`${base}/holds`, {
          boutiqueId: seeded.boutiqueIds[0],
          typeId: seeded.typeIds.PRIVATE_VIEWING,
          startsAt: '2020-01-01T10:00:00.000Z',
        }),
      ),
    ).toBe('SLOT_UNAVAILABLE');
    expect(await codeOf(viewer.get(`${base}/nearest?typeId=${seeded.typeIds.PRIVATE_VIEWING}`))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await codeOf(viewer.get(`${base}/nearest?typeId=${seeded.typeIds.PRIVATE_VIEWING}&lat=91&lng=0`))).toBe(
      'VALIDATION_FAILED',
    );
    const admin = await t.signedIn(demoAccounts.admin);
    const brandBase = `/api/brands/${t.demo.brandId}`;
    expect(
      await codeOf(
        admin.post(`${brandBase}/boutiques`, {
          name: 'X',
          address: 'Y',
          city: 'Z',
          latitude: 1,
          longitude: 1,
          timeZone: 'Mars/Olympus',
          weeklyHours: [],
        }),
      ),
    ).toBe('VALIDATION_FAILED');
    expect(
      await codeOf(
        admin.post(`${brandBase}/boutiques`, {
          name: 'X',
          address: 'Y',
          city: 'Z',
          latitude: 1,
          longitude: 1,
          timeZone: 'Europe/Paris',
          weeklyHours: [{ weekday: 1, opens: '09:07', closes: '18:00' }],
        }),
      ),
    ).toBe('VALIDATION_FAILED');
    const host = await t.signedIn(demoAccounts.host);
    expect(
      await codeOf(
        host.post(`${brandBase}/boutiques`, {
          name: 'X',
          address: 'Y',
          city: 'Z',
          latitude: 1,
          longitude: 1,
          timeZone: 'Europe/Paris',
          weeklyHours: [],
        }),
      ),
    ).toBe('FORBIDDEN');
    const made = await admin.post(`${brandBase}/boutiques`, {
      name: 'Late night',
      address: '1 rue',
      city: 'Lyon',
      latitude: 45.76,
      longitude: 4.83,
      timeZone: 'Europe/Paris',
      weeklyHours: [{ weekday: 5, opens: '20:00', closes: '02:00' }],
    });
    expect(made.statusCode).toBe(201);
  });
});
