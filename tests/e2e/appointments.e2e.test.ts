// A follower on a phone taps "Try it in the boutique" on a product in a show, shares her location, gets the nearest
// boutique that is open now and has a free time (the nearest one is closed today), picks the first time, confirms,
// and finds the reminder in her inbox. Then the staff calendar shows the appointment, on a desktop and a phone.
// Screenshots of each screen go to test-results/screenshots.
import { describe, expect, it } from 'vitest';
import {
  bookNearestOpenBoutique,
  nearSaintHonore as position,
  openReminderInInbox,
  seedBoutiquesNearestClosedToday,
} from './support/booking-steps';
import { desktopViewport, saveScreenshot, watchPageErrors } from './support/browser';
import { usePlatformAndBrowser } from './support/running-platform';
import { signInThroughForm } from './support/sign-in';

const running = usePlatformAndBrowser();
const phone = { width: 390, height: 844 };

describe('appointments end to end', () => {
  it('books a private viewing at the nearest open boutique from a product card and finds the reminder in the inbox', {
    timeout: 240_000,
  }, async () => {
    const { showId, accounts, password } = running.platform.demo;
    const db = running.platform.database.db;
    const brand = await db.brand.findFirstOrThrow();
    const seeded = await seedBoutiquesNearestClosedToday(db, brand.id);
    const product = await db.product.findFirstOrThrow({
      where: { brandId: brand.id, archivedAt: null, showProducts: { some: { showId } } },
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
    await signInThroughForm(page, accounts.viewer, password, `/shows/${showId}`);
    // Watched once signed in (the sign-in page's own "who am I" answers 401 before).
    const errors = watchPageErrors(page);
    await page.goto(`/shows/${showId}`);
    // On a phone the show's products are in the bag sheet.
    await page.getByTestId('bag-button').click();
    const card = page
      .getByTestId('bag-sheet')
      .getByTestId('show-product-card')
      .filter({ hasText: product.title })
      .first();
    await saveScreenshot(page, 'appointments-phone-0-product-card');
    await card.getByTestId('try-in-boutique').click();
    await page.waitForURL(/\/book\//);
    await expect.poll(() => page.getByTestId('booking-product').textContent()).toContain(product.title);

    await bookNearestOpenBoutique(page, 'appointments-phone');

    // The reminder reaches her inbox.
    const reminder = await openReminderInInbox(page, 'Avenue Montaigne');
    await expect.poll(() => reminder.textContent()).toContain(`${product.title} is set aside for you`);
    expect(await reminder.textContent()).toContain('Add to calendar (.ics)');
    await saveScreenshot(page, 'appointments-phone-4-inbox-reminder');

    // Her appointments page, and the calendar file.
    await page.goto('/appointments');
    await page.getByTestId('appointment').first().waitFor();
    expect(await page.getByTestId('appointment').first().textContent()).toContain('Booked');
    await saveScreenshot(page, 'appointments-phone-5-my-appointments');
    const [appointment] = (await (await context.request.get('/api/me/appointments')).json()).items as { id: string }[];
    const ics = await context.request.get(`/api/me/appointments/${appointment!.id}/calendar.ics`);
    expect(ics.headers()['content-type']).toContain('text/calendar');
    expect(await ics.text()).toContain('LOCATION:Avenue Montaigne\\, 40 avenue Montaigne\\, Paris');
    expect(errors).toEqual([]);

    // The booking page on a desktop, and the staff calendar on a desktop and a phone.
    const desktop = await running.browser.newContext({
      baseURL: running.platform.baseUrl,
      viewport: desktopViewport,
      geolocation: position,
      permissions: ['geolocation'],
    });
    const desk = await desktop.newPage();
    await signInThroughForm(desk, accounts.admin, password, '/console');
    await desk.goto(`/book/${brand.id}?type=PRIVATE_VIEWING&productId=${product.id}`);
    await desk.getByTestId('use-location').click();
    await desk.getByTestId('slot').first().waitFor();
    await saveScreenshot(desk, 'appointments-desktop-1-booking');
    await desk.goto(`/console/${brand.id}/boutiques`);
    await desk.getByLabel('Boutique').selectOption(seeded.boutiqueIds[1]!);
    await expect.poll(() => desk.getByTestId('calendar-entry').count()).toBeGreaterThan(0);
    expect(await desk.getByTestId('calendar-entry').first().textContent()).toContain('Vera Viewer');
    await saveScreenshot(desk, 'appointments-desktop-2-staff-calendar');
    await desk.setViewportSize(phone);
    await saveScreenshot(desk, 'appointments-phone-6-staff-calendar');

    // A personal offer from the console, for the customers tagged vip.
    await db.tag.upsert({
      where: { brandId_name: { brandId: brand.id, name: 'vip' } },
      create: { brandId: brand.id, name: 'vip' },
      update: {},
    });
    await desk.setViewportSize(desktopViewport);
    await desk.goto(`/console/${brand.id}/offers`);
    await desk.getByLabel('Code').fill('VIP-15');
    await desk.getByLabel('Title').fill('Fifteen percent off bags, for you');
    await desk.getByLabel('Percent off').fill('15');
    await desk.getByRole('textbox', { name: 'Category', exact: true }).fill('Bags');
    await desk.getByLabel('For customers tagged').selectOption({ label: 'vip' });
    await desk.getByRole('button', { name: 'Create offer' }).click();
    await desk.getByTestId('offer-row').first().getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => desk.getByTestId('offer-row').first().textContent()).toContain('VIP-15');
    await saveScreenshot(desk, 'appointments-desktop-3-offers-console');
    await desktop.close();
    await context.close();
  });
});
