// The one path, walked end to end in Chromium on a phone-sized screen: a follower in the brand's VIP segment
// opens the brand home and sees the VIP menu (not the default one), taps "Private viewing" (the issue's "Book a
// private viewing" is 22 characters, over LINE's 20 for an area's label, so the menu says it shorter), shares her
// location, gets the nearest boutique that is open now and has a free time (the nearest one is closed today), picks
// a time, confirms, and finds the reminder in her inbox. Screenshots of each screen go to test-results/screenshots.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { setSpecialDay } from '../../server/appointments/boutique-service';
import { everyDay, parisBoutiques, seedBoutiques } from '../../server/appointments/testing/seed-boutiques';
import { instantToZoned } from '../../server/appointments/zoned-time';
import { createMenu } from '../../server/menus/menu-service';
import { createDiskFileStorage } from '../../server/storage/disk-file-storage';
import { saveScreenshot, watchPageErrors } from './support/browser';
import { usePlatformAndBrowser } from './support/running-platform';
import { signInThroughForm } from './support/sign-in';

const running = usePlatformAndBrowser();
const phone = { width: 390, height: 844 };
// Near Rue Saint-Honoré, 1.2 km from Avenue Montaigne.
const position = { latitude: 48.8652, longitude: 2.3235 };

describe('a VIP books a private viewing from her menu', () => {
  it('sees the VIP menu, taps Private viewing, books the nearest open boutique and finds the reminder', {
    timeout: 240_000,
  }, async () => {
    const { accounts, password } = running.platform.demo;
    const db = running.platform.database.db;
    const brand = await db.brand.findFirstOrThrow();
    const storage = createDiskFileStorage(path.join(running.platform.dataDir, 'uploads'));

    // She is a follower tagged vip, so in the VIP segment; the VIP menu outranks the default one.
    const vip = await db.tag.create({ data: { brandId: brand.id, name: 'vip' } });
    const segment = await db.segment.create({ data: { brandId: brand.id, name: 'VIP', filter: { tag: vip.id } } });
    const viewer = await db.user.findUniqueOrThrow({ where: { email: accounts.viewer } });
    const follower = await db.follower.create({ data: { brandId: brand.id, userId: viewer.id, name: 'Vivian' } });
    await db.followerTag.create({ data: { followerId: follower.id, tagId: vip.id } });
    const grid = { kind: 'GRID', height: 843, columns: 2 } as const;
    await createMenu(db, storage, brand.id, {
      ...grid,
      name: 'Everyone',
      placement: 'DEFAULT',
      priority: 0,
      chatBarText: 'Menu',
      areas: [
        { label: 'Next show', action: { type: 'show' } },
        { label: 'Chat with us', action: { type: 'chat' } },
      ],
    });
    const vipMenu = await createMenu(db, storage, brand.id, {
      ...grid,
      name: 'VIP lounge',
      placement: 'SEGMENT',
      segmentId: segment.id,
      priority: 1,
      chatBarText: 'VIP',
      areas: [
        { label: 'Private viewing', action: { type: 'appointment' } },
        { label: 'Your advisor', action: { type: 'chat' } },
      ],
    });

    // Boutiques open around the clock (a time within hours whenever the test runs); the nearest is closed today.
    const seeded = await seedBoutiques(db, brand.id, {
      boutiques: parisBoutiques.slice(0, 3),
      hours: everyDay('00:00', '00:00'),
      availability: everyDay('00:00', '00:00'),
    });
    await setSpecialDay(db, brand.id, seeded.boutiqueIds[0]!, {
      date: instantToZoned(new Date(), 'Europe/Paris').date,
      closed: true,
      hours: [],
      note: 'Inventory',
    });

    const context = await running.browser.newContext({
      baseURL: running.platform.baseUrl,
      viewport: phone,
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
      geolocation: position,
      permissions: ['geolocation'],
    });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await signInThroughForm(page, accounts.viewer, password, `/brands/${brand.slug}`);
    // Watched once signed in (the sign-in page's own "who am I" answers 401 before).
    const errors = watchPageErrors(page);

    // The brand home: her VIP menu, not the default one.
    await page.goto(`/brands/${brand.slug}`);
    const menu = page.getByTestId('brand-menu').getByTestId('menu-grid');
    await menu.waitFor();
    expect(await menu.getByTestId('menu-area').allTextContents()).toEqual(['Private viewing', 'Your advisor']);
    await saveScreenshot(page, 'vip-booking-phone-0-vip-menu');
    await menu.getByTestId('menu-area').filter({ hasText: 'Private viewing' }).click();
    await page.waitForURL(new RegExp(`/book/${brand.id}`));
    await expect.poll(() => db.menuEvent.count({ where: { menuId: vipMenu.id, kind: 'TAP' } })).toBe(1);

    // The nearest boutique open now with a free time, then a time.
    await page.getByTestId('use-location').click();
    const boutiques = page.getByTestId('boutique');
    await expect.poll(() => boutiques.count()).toBe(3);
    expect(await boutiques.nth(0).textContent()).toContain('Rue Saint-Honoré');
    expect(await boutiques.nth(0).textContent()).toContain('Closed now');
    expect(await boutiques.nth(1).getAttribute('aria-pressed')).toBe('true');
    expect(await boutiques.nth(1).textContent()).toContain('Nearest open with a free time');
    const slots = page.getByTestId('slot');
    await slots.first().waitFor();
    await saveScreenshot(page, 'vip-booking-phone-1-nearest-boutique-and-times');
    await slots.first().click();
    await page.getByTestId('booking-confirm').waitFor();
    expect(await page.getByTestId('booking-confirm').textContent()).toContain('Avenue Montaigne');
    await saveScreenshot(page, 'vip-booking-phone-2-confirm');
    await page.getByTestId('confirm-booking').click();
    await page.getByTestId('booking-done').waitFor();
    await saveScreenshot(page, 'vip-booking-phone-3-booked');
    const booked = await db.appointment.findFirstOrThrow({ where: { userId: viewer.id } });
    expect(booked).toMatchObject({ status: 'BOOKED', boutiqueId: seeded.boutiqueIds[1] });

    // The reminder (24 h before, or 1 h when the time is that close) reaches her inbox.
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
    const reminder = page.getByTestId('inbox-item').filter({ hasText: 'Avenue Montaigne' }).first();
    await expect.poll(() => reminder.textContent()).toContain('Add to calendar (.ics)');
    await saveScreenshot(page, 'vip-booking-phone-4-inbox-reminder');
    expect(errors).toEqual([]);
    await context.close();
  });
});
