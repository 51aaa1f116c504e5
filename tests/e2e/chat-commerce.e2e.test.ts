// Issue 13 end to end in Chromium against the real platform: a customer on a phone asks about a product from the
// show page ("Ask about this"), a client advisor sees the question arrive live in the console's Chats, answers with
// a product card, and the customer buys it from the chat at its normal price (checkout drawer, test card). Markup
// typed into the chat stays text. Screenshots of the console and the customer's thread, desktop and phone
// (390x844), land in test-results/screenshots.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newContext, saveScreenshot, watchPageErrors } from './support/browser';
import { usePlatformAndBrowser } from './support/running-platform';
import { signInThroughForm } from './support/sign-in';

const running = usePlatformAndBrowser();
const phone = { width: 390, height: 844 };
const desktop = { width: 1366, height: 860 };

async function signedInPage(
  email: string,
  viewport: { width: number; height: number },
): Promise<{ page: Page; errors: string[] }> {
  const context = await newContext(running.browser, running.platform.baseUrl, viewport);
  const page = await context.newPage();
  await signInThroughForm(page, email, running.platform.demo.password);
  // Watched from here: the sign-in page's own 401 (nobody signed in yet) is expected.
  const errors = watchPageErrors(page);
  return { page, errors };
}

describe('chat commerce in the browser', () => {
  it('a phone customer asks about a product, an advisor answers live with a card, the customer buys from the chat', {
    timeout: 240_000,
  }, async () => {
    const { accounts } = running.platform.demo;
    const advisor = await signedInPage(accounts.advisor, desktop);
    const me = (await (await advisor.page.request.get('/api/me')).json()) as {
      memberships: { brandId: string; role: string }[];
    };
    const brandId = me.memberships.find((membership) => membership.role === 'ADVISOR')!.brandId;
    await advisor.page.goto(`/console/${brandId}/chats`);
    await advisor.page.getByTestId('chats-console').waitFor();
    // An advisor's console has Chats and Audience only.
    expect(await advisor.page.getByTestId('console-tab-products').count()).toBe(0);

    // The customer, on a phone, from the show page: "Ask about this" on a product.
    const customer = await signedInPage(accounts.viewer, phone);
    await customer.page.goto(`/shows/${running.platform.demo.showId}`);
    const room = customer.page.getByTestId('show-room');
    await room.waitFor();
    // On a phone the show is full screen and its products are in the bag sheet.
    await expect.poll(() => room.getAttribute('data-layout')).toBe('immersive');
    await customer.page.getByTestId('bag-button').click();
    const card = customer.page.getByTestId('show-product-card').filter({ hasText: 'Aurora Tote Bag' }).first();
    await card.getByTestId('ask-about-product').click();
    await customer.page.waitForURL(/\/me\/chats\/new\?/);
    await customer.page.getByTestId('chat-product-context').getByText('Aurora Tote Bag').waitFor();
    const question = 'Is this in blue? <img src=x onerror="window.__xss=1">';
    await customer.page.getByTestId('chat-input').fill(question);
    await customer.page.getByTestId('chat-send').click();
    await customer.page.waitForURL(/\/me\/chats\/[A-Za-z0-9_-]+$/);
    await customer.page.getByTestId('chat-message').filter({ hasText: 'Is this in blue?' }).waitFor();

    // The advisor sees it arrive without reloading, with the product the customer asked about.
    const row = advisor.page.getByTestId('chats-list-item').filter({ hasText: 'Vera Viewer' });
    await row.waitFor({ timeout: 20_000 });
    expect(Number(await row.getAttribute('data-unread'))).toBeGreaterThanOrEqual(1);
    await row.click();
    const pane = advisor.page.getByTestId('chat-pane');
    await pane.getByTestId('chat-message').filter({ hasText: question }).waitFor();
    expect(await pane.getByTestId('chat-product-card').filter({ hasText: 'Aurora Tote Bag' }).count()).toBe(1);
    await advisor.page.getByTestId('customer-panel').waitFor();
    // Her timeline beside the thread: this chat is on it, its time in the brand's zone.
    await advisor.page.getByTestId('customer-timeline').locator('[data-kind="conversation_started"]').first().waitFor();

    // Typing shows on the customer's phone; then the advisor sends a private note and a product card.
    await pane.getByTestId('chat-input').fill('Let me check');
    await customer.page.getByTestId('chat-typing').waitFor({ timeout: 15_000 });
    await pane.getByTestId('chat-input').fill('');
    await pane.getByTestId('chat-private').check();
    await pane.getByTestId('chat-input').fill('VIP: bought twice at the last show');
    await pane.getByTestId('chat-send').click();
    await pane.getByTestId('chat-message').filter({ hasText: 'VIP: bought twice' }).waitFor();
    await pane.getByTestId('chat-private').uncheck();
    await pane.getByTestId('chat-input').fill('Yes! Here it is in blue.');
    await pane.getByTestId('chat-send').click();
    await pane.getByTestId('chat-pick-product').click();
    await pane.getByTestId('chat-product-option').filter({ hasText: 'Aurora Tote Bag' }).click();
    await pane.locator('[data-testid="chat-message"][data-kind="PRODUCT"]').waitFor();

    // The customer gets the text and the card live, never the private note, and buys from the card.
    const thread = customer.page.getByTestId('chat-thread');
    await thread.getByText('Yes! Here it is in blue.').waitFor({ timeout: 20_000 });
    const chatCard = thread
      .locator('[data-testid="chat-message"][data-kind="PRODUCT"]')
      .getByTestId('chat-product-card');
    await chatCard.waitFor();
    expect(await chatCard.getByTestId('chat-product-price').textContent()).toBe('$89.00');
    expect(await thread.getByText('VIP: bought twice').count()).toBe(0);
    // Markup stayed text on both sides.
    for (const page of [customer.page, advisor.page]) {
      expect(await page.locator('[data-testid="chat-thread"] img[src="x"]').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    }
    // The advisor's read receipt: the customer's page marked the thread read.
    await pane.getByTestId('chat-read').waitFor({ timeout: 15_000 });
    await saveScreenshot(customer.page, 'chat-customer-thread-phone');
    await saveScreenshot(advisor.page, 'chat-console-desktop');

    await chatCard.getByTestId('chat-buy-button').click();
    const drawer = customer.page.getByTestId('checkout-drawer');
    await drawer.waitFor();
    await saveScreenshot(customer.page, 'chat-customer-checkout-phone');
    await drawer.getByTestId('test-card-number').fill('4242 4242 4242 4242');
    await drawer.getByTestId('pay-button').click();
    await drawer.getByTestId('checkout-paid').waitFor({ timeout: 30_000 });
    const order = (await (await customer.page.request.get('/api/orders')).json()) as {
      items: { totalMinor: number; status: string; showId: string | null }[];
    };
    expect(order.items[0]).toMatchObject({ totalMinor: 8900, status: 'PAID', showId: null });

    // The other two views: the thread on a desktop, the console on a phone.
    const customerDesktop = await customer.page
      .context()
      .browser()!
      .newContext({
        baseURL: running.platform.baseUrl,
        viewport: desktop,
        storageState: await customer.page.context().storageState(),
      });
    const wide = await customerDesktop.newPage();
    await wide.goto(customer.page.url());
    await wide.getByTestId('chat-product-card').last().waitFor();
    await saveScreenshot(wide, 'chat-customer-thread-desktop');
    const advisorPhone = await advisor.page
      .context()
      .browser()!
      .newContext({
        baseURL: running.platform.baseUrl,
        viewport: phone,
        isMobile: true,
        hasTouch: true,
        storageState: await advisor.page.context().storageState(),
      });
    const narrow = await advisorPhone.newPage();
    await narrow.goto(`/console/${brandId}/chats`);
    await narrow.getByTestId('chats-list-item').first().waitFor();
    await saveScreenshot(narrow, 'chat-console-phone-list');
    await narrow.getByTestId('chats-list-item').first().click();
    await narrow.getByTestId('chat-pane').getByTestId('chat-message').first().waitFor();
    await saveScreenshot(narrow, 'chat-console-phone-thread');
    const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await customerDesktop.close();
    await advisorPhone.close();

    expect(customer.errors.filter((line) => !line.includes('favicon'))).toEqual([]);
    expect(advisor.errors.filter((line) => !line.includes('favicon'))).toEqual([]);
  });
});
