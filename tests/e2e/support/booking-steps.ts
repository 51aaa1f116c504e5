// The booking path's shared steps for end-to-end tests: Paris boutiques where the nearest is closed today, a customer
// booking the nearest one open now from the booking page, and the reminder found in her inbox.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { setSpecialDay } from '../../../server/appointments/boutique-service';
import { everyDay, parisBoutiques, seedBoutiques } from '../../../server/appointments/testing/seed-boutiques';
import { instantToZoned } from '../../../server/appointments/zoned-time';
import type { Database } from '../../../server/database/prisma-client';
import { saveScreenshot } from './browser';

/** Near Rue Saint-Honoré, 1.2 km from Avenue Montaigne. */
export const nearSaintHonore = { latitude: 48.8652, longitude: 2.3235 };

/**
 * Three Paris boutiques open around the clock (a time within hours whenever the test runs); the nearest to
 * `nearSaintHonore`, Rue Saint-Honoré, is closed today, so the nearest open now is Avenue Montaigne (the second).
 */
export async function seedBoutiquesNearestClosedToday(db: Database, brandId: string) {
  const seeded = await seedBoutiques(db, brandId, {
    boutiques: parisBoutiques.slice(0, 3),
    hours: everyDay('00:00', '00:00'),
    availability: everyDay('00:00', '00:00'),
  });
  await setSpecialDay(db, brandId, seeded.boutiqueIds[0]!, {
    date: instantToZoned(new Date(), 'Europe/Paris').date,
    closed: true,
    hours: [],
    note: 'Inventory',
  });
  return seeded;
}

/**
 * On the booking page: shares her location, checks that the nearest open boutique with a free time is chosen (the
 * closed one listed first), picks its first time and confirms. Screenshots `<prefix>-1…3`.
 */
export async function bookNearestOpenBoutique(page: Page, screenshotPrefix: string): Promise<void> {
  await page.getByTestId('use-location').click();
  const boutiques = page.getByTestId('boutique');
  await expect.poll(() => boutiques.count()).toBe(3);
  expect(await boutiques.nth(0).textContent()).toContain('Rue Saint-Honoré');
  expect(await boutiques.nth(0).textContent()).toContain('Closed now');
  expect(await boutiques.nth(1).getAttribute('aria-pressed')).toBe('true');
  expect(await boutiques.nth(1).textContent()).toContain('Nearest open with a free time');
  const slots = page.getByTestId('slot');
  await slots.first().waitFor();
  await saveScreenshot(page, `${screenshotPrefix}-1-boutiques-and-times`);
  await slots.first().click();
  await page.getByTestId('booking-confirm').waitFor();
  expect(await page.getByTestId('booking-confirm').textContent()).toContain('Avenue Montaigne');
  await saveScreenshot(page, `${screenshotPrefix}-2-confirm`);
  await page.getByTestId('confirm-booking').click();
  await page.getByTestId('booking-done').waitFor();
  await saveScreenshot(page, `${screenshotPrefix}-3-booked`);
}

/** Waits for the reminder (24 h before, or 1 h when the time is that close) and opens the inbox on it. */
export async function openReminderInInbox(page: Page, boutiqueName: string): Promise<Locator> {
  await expect
    .poll(
      async () => {
        await page.reload();
        return page
          .getByTestId('unread-count')
          .textContent()
          .catch(() => null);
      },
      { timeout: 60_000, interval: 2_000 },
    )
    .toMatch(/^[1-9]/);
  await page.getByTestId('notification-bell').locator('summary').click();
  return page.getByTestId('inbox-item').filter({ hasText: boutiqueName }).first();
}
