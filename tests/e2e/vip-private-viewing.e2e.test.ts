// The one path, walked end to end in Chromium on a phone-sized screen: a follower in the brand's VIP segment
// opens the brand home and sees the VIP menu (not the default one), taps "Private viewing" (the issue's "Book a
// private viewing" is 22 characters, over LINE's 20 for an area's label, so the menu says it shorter), shares her
// location, gets the nearest boutique that is open now and has a free time (the nearest one is closed today), picks
// a time, confirms, and finds the reminder in her inbox. Screenshots of each screen go to test-results/screenshots.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMenu } from '../../server/menus/menu-service';
import { createDiskFileStorage } from '../../server/storage/disk-file-storage';
import {
  bookNearestOpenBoutique,
  nearSaintHonore,
  openReminderInInbox,
  seedBoutiquesNearestClosedToday,
} from './support/booking-steps';
import { saveScreenshot, watchPageErrors } from './support/browser';
import { usePlatformAndBrowser } from './support/running-platform';
import { signInThroughForm } from './support/sign-in';
import { seedVipFollower } from './support/vip-follower';

const running = usePlatformAndBrowser();
const phone = { width: 390, height: 844 };

describe('a VIP books a private viewing from her menu', () => {
  it('sees the VIP menu, taps Private viewing, books the nearest open boutique and finds the reminder', {
    timeout: 240_000,
  }, async () => {
    const { accounts, password } = running.platform.demo;
    const db = running.platform.database.db;
    const brand = await db.brand.findFirstOrThrow();
    const storage = createDiskFileStorage(path.join(running.platform.dataDir, 'uploads'));

    // She is a follower tagged vip, so in the VIP segment; the VIP menu outranks the default one.
    const { segment, user } = await seedVipFollower(db, brand.id, accounts.viewer);
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

    const seeded = await seedBoutiquesNearestClosedToday(db, brand.id);

    const context = await running.browser.newContext({
      baseURL: running.platform.baseUrl,
      viewport: phone,
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
      geolocation: nearSaintHonore,
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
    await bookNearestOpenBoutique(page, 'vip-booking-phone');
    const booked = await db.appointment.findFirstOrThrow({ where: { userId: user.id } });
    expect(booked).toMatchObject({ status: 'BOOKED', boutiqueId: seeded.boutiqueIds[1] });

    // The reminder reaches her inbox.
    const reminder = await openReminderInInbox(page, 'Avenue Montaigne');
    await expect.poll(() => reminder.textContent()).toContain('Add to calendar (.ics)');
    await saveScreenshot(page, 'vip-booking-phone-4-inbox-reminder');
    expect(errors).toEqual([]);
    await context.close();
  });
});
