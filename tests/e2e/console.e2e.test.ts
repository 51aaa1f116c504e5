// Brand admin in Chromium against the real platform: product with an uploaded image, a show a few minutes
// ahead, the product attached with flash-sale settings; then a signed-out viewer sees the upcoming show
// with a ticking countdown. Phone-sized screenshots land in test-results/screenshots.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { confirmationPath } from '../../infra/test-support/confirmation-mail';
import { apiAsBrowser } from './support/api-as-browser';
import { desktopViewport, newContext, saveScreenshot, watchPageErrors } from './support/browser';
import { usePlatformAndBrowser } from './support/running-platform';
import { signInThroughForm } from './support/sign-in';
import { makePng } from './support/test-images';

const running = usePlatformAndBrowser();

/** datetime-local value `minutes` from now in the browser's time zone. */
const localInputIn = (page: Page, minutes: number) =>
  page.evaluate((ahead) => {
    const date = new Date(Date.now() + ahead * 60_000);
    const pad = (value: number) => String(value).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  }, minutes);

describe('brand console to public show page', () => {
  it('admin creates a product and a show, a viewer sees the upcoming show with a countdown', {
    timeout: 180_000,
  }, async () => {
    const productTitle = `Sunset Silk Scarf ${Date.now().toString(36)}`;
    const showTitle = `Scarf drop ${Date.now().toString(36)}`;

    // --- Admin, phone-sized --------------------------------------------------------------------------
    const admin = await newContext(running.browser, running.platform.baseUrl);
    const page = await admin.newPage();
    const adminErrors = watchPageErrors(page);

    await page.goto('/');
    await page.getByTestId('upcoming-shows').getByTestId('show-card').first().waitFor();
    await saveScreenshot(page, 'phone-home');

    await page.goto('/sign-in');
    await saveScreenshot(page, 'phone-sign-in');
    await signInThroughForm(page, running.platform.demo.accounts.admin, running.platform.demo.password, '/console');
    await page.waitForURL(/\/console\/[^/]+\/products$/);
    await page.getByTestId('products-list').waitFor();
    await saveScreenshot(page, 'phone-console-products');

    // Product: client-side validation first, then a real create with an uploaded image.
    await page.getByTestId('new-product').click();
    const productForm = page.getByTestId('product-form');
    await productForm.getByLabel('Price').fill('12.345');
    await page.getByTestId('product-submit').click();
    await expect.poll(() => page.getByTestId('field-error-title').textContent()).toMatch(/title/i);
    expect(await page.getByTestId('field-error-priceMinor').textContent()).not.toBe('');
    await expect.poll(() => productForm.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');

    await productForm.getByLabel('Title').fill(productTitle);
    await productForm.getByLabel('Description').fill('Hand-dyed silk, 90 x 90 cm.');
    await productForm.getByLabel('Price').fill('24.50');
    await productForm.getByLabel('Stock').fill('12');
    await productForm.getByLabel('Category').fill('scarves');
    await page
      .getByTestId('image-input')
      .setInputFiles({ name: 'scarf.png', mimeType: 'image/png', buffer: await makePng() });
    await page.getByTestId('uploaded-image').waitFor();
    const imageSrc = await page.getByTestId('uploaded-image').getAttribute('src');
    expect(imageSrc).toMatch(/^\/uploads\//);
    expect((await page.request.get(imageSrc!)).headers()['content-type']).toBe('image/png');
    await saveScreenshot(page, 'phone-product-form');
    await page.getByTestId('product-submit').click();
    await page.waitForURL(/\/products$/);
    const productRow = page.getByTestId('product-row').filter({ hasText: productTitle });
    await productRow.waitFor();
    expect(await productRow.textContent()).toContain('$24.50');
    const productId = await productRow.getAttribute('data-product-id');
    expect(productId).toBeTruthy();

    // Show: scheduled a few minutes ahead, with the demo host.
    await page.getByTestId('console-tab-shows').click();
    await page.getByTestId('new-show').click();
    const showForm = page.getByTestId('show-form');
    await showForm.getByLabel('Title').fill(showTitle);
    await showForm.getByLabel('Description').fill('Our new scarves, live.');
    await showForm.getByLabel('Starts at').fill(await localInputIn(page, 4));
    await expect.poll(() => showForm.getByLabel('Host').locator('option').count()).toBeGreaterThan(1);
    await showForm.getByLabel('Host').selectOption({ label: 'Hana Host (host@demo.livecart.local)' });
    await saveScreenshot(page, 'phone-show-form');
    await page.getByTestId('show-submit').click();
    await page.getByTestId('show-created').waitFor();
    const createdKey = await page.getByTestId('stream-key').textContent();
    expect(createdKey?.length).toBeGreaterThan(10);
    await saveScreenshot(page, 'phone-show-created');

    // Attach the product with flash-sale settings.
    await page.getByTestId('manage-show').click();
    await page.getByTestId('show-detail').waitFor();
    const showId = await page.getByTestId('show-detail').getAttribute('data-show-id');
    expect(showId).toBeTruthy();
    const attach = page.getByTestId('attach-product');
    await expect.poll(() => attach.locator(`option[value="${productId}"]`).count()).toBe(1);
    await page.getByTestId('attach-product-select').selectOption(productId!);
    await attach.getByLabel('Flash price').fill('19.99');
    await attach.getByLabel('Flash quantity').fill('5');
    await attach.getByLabel('Limit per buyer').fill('2');
    await attach.getByTestId('flash-sale-submit').click();
    const attached = page
      .getByTestId('show-products')
      .locator(`[data-testid="show-product"][data-product-id="${productId}"]`);
    await attached.waitFor();
    expect(await attached.textContent()).toContain('$19.99');
    expect(await page.getByTestId('public-url').textContent()).toContain(`/shows/${showId}`);
    await saveScreenshot(page, 'phone-show-detail');

    // Rotating the stream key asks first, then shows the new key once.
    await page.getByTestId('rotate-stream-key').click();
    await page.getByTestId('rotate-stream-key-confirm').click();
    await page.getByTestId('stream-key-reveal').waitFor();
    const rotatedKey = await page.getByTestId('stream-key').textContent();
    expect(rotatedKey?.length).toBeGreaterThan(10);
    expect(rotatedKey).not.toBe(createdKey);

    await page.setViewportSize(desktopViewport);
    await saveScreenshot(page, 'desktop-show-detail');
    expect(adminErrors.filter((line) => line.startsWith('pageerror'))).toEqual([]);

    // --- Viewer: fresh context, signed out ------------------------------------------------------------
    const viewer = await newContext(running.browser, running.platform.baseUrl);
    const show = await viewer.newPage();
    const viewerErrors = watchPageErrors(show);
    await show.goto(`/shows/${showId}`);
    await show.getByTestId('show-room').waitFor();
    expect(await show.getByTestId('show-title').textContent()).toBe(showTitle);
    expect(await show.getByTestId('show-brand').textContent()).toBe('Aurora Atelier');
    expect(await show.getByTestId('show-status').getAttribute('data-status')).toBe('SCHEDULED');

    const countdown = show.getByTestId('countdown');
    await countdown.waitFor();
    const first = await countdown.innerText();
    expect(first).toMatch(/min/i);
    await expect.poll(() => countdown.innerText(), { timeout: 5_000, interval: 250 }).not.toBe(first);

    // On a phone the show's products are in the bag over the video.
    await show.getByTestId('bag-button').click();
    const card = show.getByTestId('show-product-card').filter({ hasText: productTitle });
    await card.waitFor();
    const cardText = await card.textContent();
    expect(cardText).toContain('$19.99');
    expect(cardText).toContain('$24.50');
    await saveScreenshot(show, 'phone-public-show');

    await show.setViewportSize(desktopViewport);
    await saveScreenshot(show, 'desktop-public-show');

    await show.goto('/');
    await show.getByTestId('upcoming-shows').locator(`[data-show-id="${showId}"]`).waitFor();
    await saveScreenshot(show, 'desktop-home');
    expect(viewerErrors.filter((line) => line.startsWith('pageerror'))).toEqual([]);

    await Promise.all([admin.close(), viewer.close()]);
  });
});

describe('accounts and read-only staff', () => {
  it('sign-up shows errors beside the field, answers a taken and a new email alike, and the mailed link returns to ?next=', {
    timeout: 60_000,
  }, async () => {
    const context = await newContext(running.browser, running.platform.baseUrl);
    const page = await context.newPage();
    const signUpUrl = `/sign-up?next=${encodeURIComponent(`/shows/${running.platform.demo.showId}`)}`;
    const served = await page.goto(signUpUrl);
    // Pages carry the CSP (no framing by other sites) and still work under it.
    expect(served?.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    const form = page.getByTestId('sign-up-form');
    await form.getByLabel('Name').fill('Nora Newcomer');
    await form.getByLabel('Email').fill(running.platform.demo.accounts.viewer);
    await form.getByLabel('Password').fill('short');
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByTestId('field-error-password').textContent()).toMatch(/8 characters/);
    expect(await form.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    await saveScreenshot(page, 'phone-sign-up-error');

    // A taken address gets the same answer as a new one (no account enumeration); the owner learns it by mail.
    await form.getByLabel('Password').fill('a-long-enough-password');
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByTestId('sign-up-sent').textContent()).toMatch(/Check your email/);

    const email = `nora-${Date.now().toString(36)}@example.com`;
    await page.goto(signUpUrl);
    await form.getByLabel('Name').fill('Nora Newcomer');
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Password').fill('a-long-enough-password');
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByTestId('sign-up-sent').textContent()).toContain(email);
    await saveScreenshot(page, 'phone-sign-up-sent');

    await page.goto(await confirmationPath(running.platform.database, email));
    await page.waitForURL(`**/shows/${running.platform.demo.showId}`);
    await page.getByTestId('account-menu').waitFor();
    expect(await page.getByTestId('console-link').count()).toBe(0);
    await context.close();
  });

  it('a host sees the console read-only', { timeout: 60_000 }, async () => {
    const context = await newContext(running.browser, running.platform.baseUrl);
    const page = await context.newPage();
    await signInThroughForm(page, running.platform.demo.accounts.host, running.platform.demo.password, '/console');
    await page.waitForURL(/\/console\/[^/]+\/products$/);
    const firstProduct = page.getByTestId('product-row').first();
    await firstProduct.waitFor();
    expect(await page.getByTestId('new-product').count()).toBe(0);
    expect(await page.getByTestId('archive-product').count()).toBe(0);

    await firstProduct.getByRole('link', { name: 'View' }).click();
    await page.getByTestId('product-form').waitFor();
    expect(await page.getByTestId('product-form').getByLabel('Title').isDisabled()).toBe(true);
    expect(await page.getByTestId('product-submit').count()).toBe(0);

    await page.getByTestId('console-tab-shows').click();
    await page.getByTestId('show-row').first().waitFor();
    expect(await page.getByTestId('new-show').count()).toBe(0);
    await page.getByTestId('show-row').first().getByRole('link', { name: 'View' }).click();
    await page.getByTestId('show-detail').waitFor();
    expect(await page.getByTestId('show-form').count()).toBe(0);
    expect(await page.getByTestId('rotate-stream-key').count()).toBe(0);
    await context.close();
  });
});

describe('products list', () => {
  it('pages with Load more, searches, and archives', { timeout: 90_000 }, async () => {
    const context = await newContext(running.browser, running.platform.baseUrl);
    const page = await context.newPage();
    await signInThroughForm(page, running.platform.demo.accounts.admin, running.platform.demo.password, '/console');
    await page.waitForURL(/\/console\/[^/]+\/products$/);
    const brandId = page.url().split('/')[4]!;

    const api = await apiAsBrowser(context);
    const batch = `Batch ${Date.now().toString(36)}`;
    for (let index = 0; index < 22; index += 1) {
      await api.post(`/api/brands/${brandId}/products`, {
        title: `${batch} item ${String(index).padStart(2, '0')}`,
        priceMinor: 1000 + index,
        currency: 'usd',
        stock: 3,
      });
    }
    await page.reload();
    const rows = page.getByTestId('product-row');
    await expect.poll(() => rows.count()).toBe(20);
    await page.getByTestId('load-more').click();
    // 4 demo products + 22 here (+ one from the first test): everything fits in two pages of 20.
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(26);
    await expect.poll(() => page.getByTestId('load-more').count()).toBe(0);

    await page.getByTestId('product-search').fill(`${batch} item 07`);
    await expect.poll(() => rows.count()).toBe(1);
    const row = rows.first();
    await row.getByTestId('archive-product').click();
    await expect.poll(() => rows.count()).toBe(0);
    await page.getByTestId('empty-state').waitFor();

    await page.getByTestId('filter-archived').click();
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().getByTestId('unarchive-product').click();
    await expect.poll(() => rows.count()).toBe(0);
    await page.getByTestId('filter-active').click();
    await expect.poll(() => rows.count()).toBe(1);
    await context.close();
  });
});
