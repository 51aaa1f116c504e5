// The brand's official account page and the automation console, in the real platform and Chromium: the brand home's
// link preview (rendered on the server), the page on a phone-sized screen and on a desktop, and an admin adding a
// keyword rule that then answers a customer and shows in the statistics. Screenshots in test-results/screenshots.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../../infra/test-support/start-platform';
import { apiAsBrowser } from './support/api-as-browser';
import { desktopViewport, launchBrowser, newContext, saveScreenshot, watchPageErrors } from './support/browser';
import { signInThroughForm } from './support/sign-in';
import { makePng } from './support/test-images';

const phone = { width: 390, height: 844 };
let platform: RunningPlatform;
let browser: Browser;
let brand: { id: string; slug: string; name: string };

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
  const row = await platform.database.db.brand.findFirstOrThrow();
  brand = { id: row.id, slug: row.slug, name: row.name };
  const key = `${row.id.toLowerCase()}/brand-cover-e2e.png`;
  await mkdir(path.join(platform.dataDir, 'uploads', row.id.toLowerCase()), { recursive: true });
  await writeFile(path.join(platform.dataDir, 'uploads', key), await makePng(1500, 500, [60, 34, 70]));
  await platform.database.db.brandProfile.upsert({
    where: { brandId: row.id },
    create: {
      brandId: row.id,
      about: 'Small-batch leather goods, made by hand. Live every Friday at 20:00 with new drops & questions answered.',
      coverImageKey: key,
    },
    update: {},
  });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

function meta(html: string, key: string): string | null {
  const tag = [...html.matchAll(/<meta\s[^>]*>/g)]
    .map((match) => match[0])
    .find((candidate) => candidate.includes(`"${key}"`));
  const content = tag ? /content="([^"]*)"/.exec(tag)?.[1] : undefined;
  return content === undefined
    ? null
    : content.replaceAll('&amp;', '&').replaceAll('&#x27;', "'").replaceAll('&quot;', '"');
}

async function noSideways(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

describe('brand home', () => {
  it('previews as the brand in a chat app: title, about and the cover as an absolute URL; unknown brands are 404', {
    timeout: 60_000,
  }, async () => {
    const response = await fetch(new URL(`/brands/${brand.slug}`, platform.baseUrl), {
      headers: { 'user-agent': 'facebookexternalhit/1.1;line-poker/1.0' },
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    const head = html.slice(0, html.indexOf('</head>'));
    expect(meta(head, 'og:title')).toBe(`${brand.name} · Official account on Livecart`);
    expect(meta(head, 'og:description')).toBe(
      'Small-batch leather goods, made by hand. Live every Friday at 20:00 with new drops & questions answered.',
    );
    const image = meta(head, 'og:image');
    expect(image).toBe(`${platform.baseUrl}/uploads/${brand.id.toLowerCase()}/brand-cover-e2e.png`);
    expect((await fetch(image!)).status).toBe(200);
    expect(meta(head, 'og:url')).toBe(`${platform.baseUrl}/brands/${brand.slug}`);
    expect(meta(head, 'twitter:card')).toBe('summary_large_image');
    // Server-rendered: the shows and products are in the HTML before any script runs.
    expect(html).toContain('data-testid="brand-products"');
    expect((await fetch(new URL('/brands/no-such-brand', platform.baseUrl))).status).toBe(404);
  });

  for (const [label, viewport] of [
    ['phone', phone],
    ['desktop', desktopViewport],
  ] as const) {
    it(`works on a ${label}: cover, about, Follow, Chat with us, shows and products`, { timeout: 60_000 }, async () => {
      const context = await newContext(browser, platform.baseUrl, viewport);
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      await page.goto(`/brands/${brand.slug}`);
      await page.getByTestId('brand-home').waitFor();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(brand.name);
      await page.getByTestId('follow-sign-in').waitFor();
      const chat = page.getByTestId('brand-actions').getByTestId('ask-brand');
      expect(await chat.getAttribute('href')).toBe(
        `/sign-in?next=${encodeURIComponent(`/me/chats/new?brand=${brand.id}`)}`,
      );
      expect(await page.getByTestId('brand-upcoming').getByTestId('show-card').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('brand-products').locator('li').count()).toBeGreaterThan(0);
      await noSideways(page);
      await saveScreenshot(page, `${label}-brand-home`);
      // Uncaught exceptions only (a hydration mismatch would be one); the 401 of /api/me signed out is expected.
      expect(errors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
      await context.close();
    });
  }
});

describe('automation console', () => {
  it('an admin adds a keyword rule; it answers a customer; the statistics show it (desktop and phone)', {
    timeout: 90_000,
  }, async () => {
    const context = await newContext(browser, platform.baseUrl, desktopViewport);
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await signInThroughForm(
      page,
      platform.demo.accounts.admin,
      platform.demo.password,
      `/console/${brand.id}/automation`,
    );
    await page.goto(`/console/${brand.id}/automation`);
    await page.getByTestId('automation-page').waitFor();
    await page.getByTestId('rule-new').click();
    const form = page.getByTestId('rule-form');
    await form.getByLabel('Name').fill('Shipping');
    await form.getByLabel(/^Keywords/).fill('ส่งฟรี\nfree shipping\n送料');
    await form.getByLabel('Balloon 1 text').fill('Free shipping on every order 🚚 — 2-3 days in Bangkok and Tokyo.');
    await form.getByTestId('rule-save').click();
    await page.getByTestId('rule-row').filter({ hasText: 'Shipping' }).waitFor();

    // A customer asks in Thai, in full-width Latin, and something no rule answers.
    const customer = await newContext(browser, platform.baseUrl, phone);
    const customerPage = await customer.newPage();
    await signInThroughForm(customerPage, platform.demo.accounts.viewer, platform.demo.password);
    const api = await apiAsBrowser(customer);
    for (const text of [
      'ส่งฟรีไหมคะ',
      'ＦＲＥＥ ＳＨＩＰＰＩＮＧ？',
      'Do you restock the black tote?',
      'do you restock the black tote?',
    ]) {
      await api.post('/api/me/conversations', { brandId: brand.id, text });
    }
    await expect
      .poll(() => platform.database.db.autoReplyHit.count({ where: { brandId: brand.id } }), { timeout: 10_000 })
      .toBe(2);

    await page.reload();
    const stats = page.getByTestId('automation-stats');
    await stats.getByText('do you restock the black tote?', { exact: false }).first().waitFor();
    await expect(stats.locator('tbody tr').filter({ hasText: 'Shipping' }).textContent()).resolves.toMatch(
      /Shipping.*2/,
    );
    await saveScreenshot(page, 'desktop-automation-console');
    await page.setViewportSize(phone);
    await page.waitForTimeout(300);
    await noSideways(page);
    await saveScreenshot(page, 'phone-automation-console');
    await page.setViewportSize(desktopViewport);
    await page.goto(`/console/${brand.id}/brand-page`);
    await page.getByTestId('brand-profile-form').waitFor();
    await page.getByTestId('line-account-form').waitFor();
    await saveScreenshot(page, 'desktop-brand-page-console');
    expect(errors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
    await customer.close();
    await context.close();
  });
});
