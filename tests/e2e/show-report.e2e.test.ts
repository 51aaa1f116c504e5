// A short show with viewers and a sale, end to end on the real platform, and the figures in the brand's report:
// two viewers open the live show page (one anonymous, one signed in who taps the product), the host starts a flash
// sale, the signed-in viewer buys and pays with the test card; the admin's report (desktop and phone) shows the
// viewers, the funnel, the unit and the revenue; after the show ends the report says Final.
// Screenshots in test-results/screenshots.
import { describe, expect, it } from 'vitest';
import { apiAsBrowser } from './support/api-as-browser';
import { desktopViewport, newContext, saveScreenshot, watchPageErrors } from './support/browser';
import { usePlatformAndBrowser } from './support/running-platform';
import { signInThroughForm } from './support/sign-in';

const running = usePlatformAndBrowser();

describe('show report', () => {
  it('finds a short show’s viewers and sale in the report, live and final', { timeout: 180_000 }, async () => {
    const { showId, accounts, password } = running.platform.demo;
    const db = running.platform.database.db;
    // The show goes live (the media path has its own tests; here only its status matters).
    const show = await db.show.update({
      where: { id: showId },
      data: { status: 'LIVE', startedAt: new Date() },
      include: { products: { include: { product: true }, orderBy: { position: 'asc' } } },
    });
    const target = show.products[0]!;

    // --- Two viewers watch: one anonymous, one signed in who taps the product ----------------------------------
    const anonymous = await (await newContext(running.browser, running.platform.baseUrl, desktopViewport)).newPage();
    await anonymous.goto(`/shows/${showId}`);
    await anonymous.getByTestId('show-product-card').first().waitFor();
    const buyerContext = await newContext(running.browser, running.platform.baseUrl, desktopViewport);
    const buyer = await buyerContext.newPage();
    await signInThroughForm(buyer, accounts.viewer, password, `/shows/${showId}`);
    await buyer.goto(`/shows/${showId}`);
    const card = buyer.locator(`[data-testid="show-product-card"][data-show-product-id="${target.id}"]`);
    await card.waitFor();
    await expect
      .poll(() => db.analyticsEvent.count({ where: { showId, kind: 'viewer_joined' } }), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2);
    await card.click();
    await expect
      .poll(() => db.analyticsEvent.count({ where: { showId, kind: 'card_tapped' } }), { timeout: 20_000 })
      .toBe(1);

    // --- The host starts a flash sale; the viewer buys and pays -----------------------------------------------
    const adminContext = await newContext(running.browser, running.platform.baseUrl, desktopViewport);
    const admin = await adminContext.newPage();
    await signInThroughForm(admin, accounts.admin, password, '/console');
    // (the sign-in page's own signed-out session check answers 401 before this)
    const adminErrors = watchPageErrors(admin);
    const adminApi = await apiAsBrowser(adminContext);
    const { saleId } = await adminApi.post<{ saleId: string }>(`/api/brands/${show.brandId}/shows/${showId}/sales`, {
      showProductId: target.id,
      priceMinor: 1500,
      quantity: 5,
      durationSeconds: 120,
      perBuyerLimit: 1,
    });
    const buyerApi = await apiAsBrowser(buyerContext);
    const held = await buyerApi.post<{ orderId: string }>(`/api/shows/${showId}/sales/${saleId}/reservations`, {
      quantity: 1,
    });
    const checkout = await buyerApi.post<{ paymentIntentId: string }>(`/api/orders/${held.orderId}/checkout`, {});
    await buyerApi.post('/api/payments/test/confirm', {
      paymentIntentId: checkout.paymentIntentId,
      cardNumber: '4242 4242 4242 4242',
    });

    // --- The live report, desktop -------------------------------------------------------------------------------
    await admin.goto(`/console/${show.brandId}/shows/${showId}/report`);
    const report = admin.getByTestId('show-report');
    await report.waitFor();
    expect(await report.getAttribute('data-live')).toBe('true');
    await expect.poll(() => admin.getByTestId('stat-orders').textContent(), { timeout: 30_000 }).toContain('1 (1)');
    expect(await admin.getByTestId('stat-revenue').textContent()).toContain('$15.00');
    await expect
      .poll(async () => Number((await admin.getByTestId('stat-unique').textContent())?.match(/\d+/)?.[0]), {
        timeout: 30_000,
      })
      .toBe(2);
    const funnel = await admin.getByTestId('table-funnel').locator('tbody tr').first().locator('td').allTextContents();
    expect(funnel).toEqual(['All products', expect.stringMatching(/^\d+$/), '1', '1', '1', '1', '100 %']);
    const sale = await admin.getByTestId('table-sales').locator('tbody tr').first().locator('td').allTextContents();
    expect(sale.slice(2, 6)).toEqual(['5', '1', '$15.00', '20 %']);
    await admin.getByTestId('chart-viewers').locator('canvas').waitFor();
    await saveScreenshot(admin, 'desktop-show-report-live');

    // the CSV is the table's numbers
    const download = admin.waitForEvent('download');
    await admin.getByTestId('table-products-csv').click();
    const csv = await (await (await download).createReadStream()).toArray();
    expect(Buffer.concat(csv).toString()).toContain('Product,Units,Revenue,Refunds');

    // --- Phone-sized: the same report fits the screen -------------------------------------------------------------
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.reload();
    await admin.getByTestId('chart-viewers').locator('canvas').waitFor();
    const overflow = await admin.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await saveScreenshot(admin, 'phone-show-report-live');

    // --- After the show: final ----------------------------------------------------------------------------------
    await db.show.update({ where: { id: showId }, data: { status: 'ENDED', endedAt: new Date() } });
    await admin.setViewportSize(desktopViewport);
    await expect
      .poll(
        async () => {
          await admin.reload();
          return admin.getByTestId('report-state').textContent();
        },
        { timeout: 20_000 },
      )
      .toBe('Final');
    expect(await admin.getByTestId('stat-orders').textContent()).toContain('1 (1)');
    await saveScreenshot(admin, 'desktop-show-report-final');
    expect(adminErrors).toEqual([]);
  });
});
