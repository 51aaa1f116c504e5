// A viewer follows the brand on the show page (phone-sized Chromium); the admin adds an announcement step in the
// console; the platform's embedded worker delivers it; the bell lights up, the inbox shows the personalized
// message, and tapping the product card opens the show and records the interest.
import { describe, expect, it } from 'vitest';
import { newContext, saveScreenshot, watchPageErrors } from './support/browser';
import { usePlatformAndBrowser } from './support/running-platform';
import { signInThroughForm } from './support/sign-in';

const running = usePlatformAndBrowser();

describe('announcements end to end', () => {
  it('follow, add a step in the console, receive it in the inbox, tap the product', { timeout: 180_000 }, async () => {
    const { showId, accounts, password } = running.platform.demo;

    // Viewer follows from the show page.
    const viewerContext = await newContext(running.browser, running.platform.baseUrl);
    const viewer = await viewerContext.newPage();
    const viewerErrors = watchPageErrors(viewer);
    await signInThroughForm(viewer, accounts.viewer, password, `/shows/${showId}`);
    await viewer.goto(`/shows/${showId}`);
    const follow = viewer.getByTestId('follow-button');
    await expect.poll(() => follow.isEnabled(), { timeout: 15_000 }).toBe(true);
    await follow.click();
    await expect.poll(() => follow.textContent(), { timeout: 15_000 }).toBe('Following');
    await saveScreenshot(viewer, 'phone-show-following');

    // Admin adds a step "15 minutes before" (already due) with a token and a product card, in the console.
    const adminContext = await newContext(running.browser, running.platform.baseUrl);
    const admin = await adminContext.newPage();
    await signInThroughForm(admin, accounts.admin, password, '/console');
    await admin.waitForURL(/\/console\/[^/]+\/products$/);
    const brandId = /\/console\/([^/]+)\//.exec(admin.url())?.[1];
    await admin.goto(`/console/${brandId}/shows/${showId}/announcements`);
    await admin.getByTestId('save-step').waitFor();
    // The demo show starts 10 minutes after boot, so "15 minutes before" is due at once.
    await admin.getByRole('combobox', { name: 'When' }).selectOption('15');
    await admin.getByLabel('Text').fill('Hi {{first_name | default: "there"}}, we go live soon!');
    await admin.getByRole('button', { name: 'Add a balloon' }).click();
    await admin.getByLabel('Balloon type').nth(1).selectOption('product');
    await admin.getByLabel('Product').selectOption({ index: 1 });
    await admin.getByTestId('save-step').click();
    await admin.getByTestId('steps').locator('li').first().waitFor();
    await saveScreenshot(admin, 'phone-console-announcements');

    // The bell lights up without a reload (server-sent events from the embedded worker).
    const count = viewer.getByTestId('unread-count');
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toBe('1');
    await viewer.getByTestId('notification-bell').locator('summary').click();
    const item = viewer.getByTestId('inbox-item').first();
    await expect
      .poll(() => item.getByTestId('balloon-text').textContent(), { timeout: 15_000 })
      .toMatch(/^Hi \S+, we go live soon!$/);
    await saveScreenshot(viewer, 'phone-inbox');
    await item.getByTestId('balloon-product').click();
    await viewer.waitForURL(new RegExp(`/shows/${showId}\\?product=`));

    // The report counts the click, and the viewer now carries the product's category as an interest.
    const steps = (await (
      await adminContext.request.get(`/api/brands/${brandId}/shows/${showId}/announcements`)
    ).json()) as { items: { id: string }[] };
    const report = (await (
      await adminContext.request.get(`/api/brands/${brandId}/announcements/${steps.items[0]?.id}/report`)
    ).json()) as {
      totals: { clicked: number };
      channels: Record<string, { sent: number }>;
      balloons: { index: number; clicked: number }[];
    };
    // In-app, and email (the embedded platform keeps mail in its outbox instead of sending it).
    expect(report.channels.INAPP?.sent).toBe(1);
    expect(report.channels.EMAIL?.sent).toBe(1);
    expect(report.totals.clicked).toBe(1);
    expect(report.balloons).toEqual([{ index: 1, clicked: 1, uniqueClickers: 1 }]);
    const followers = (await (await adminContext.request.get(`/api/brands/${brandId}/followers`)).json()) as {
      items: { email: string; tags: { kind: string }[] }[];
    };
    const follower = followers.items.find((entry) => entry.email === accounts.viewer);
    expect(follower?.tags.some((tag) => tag.kind === 'INTEREST')).toBe(true);
    // Resource errors here come from the signed-out /api/me probe and js.stripe.com (offline); script errors would fail.
    expect(viewerErrors.filter((line) => line.startsWith('pageerror'))).toEqual([]);
  });
});
