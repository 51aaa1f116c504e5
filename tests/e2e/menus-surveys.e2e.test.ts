// Shortcut menus and surveys in the real platform and Chromium on a phone-sized screen: a visitor sees the brand's
// default menu (a grid) on the brand home; a VIP follower, signed in, sees the VIP image menu instead, taps "Your
// style", answers the survey and is tagged at once; in her chat the brand asks another survey, answered with a quick
// reply. The console's "preview as this customer" shows the VIP menu (desktop). Screenshots in test-results/screenshots.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMenu } from '../../server/menus/menu-service';
import { createDiskFileStorage } from '../../server/storage/disk-file-storage';
import { createSurvey } from '../../server/surveys/survey-service';
import { apiAsBrowser } from './support/api-as-browser';
import { desktopViewport, newContext, saveScreenshot, watchPageErrors } from './support/browser';
import { usePlatformAndBrowser } from './support/running-platform';
import { signInThroughForm } from './support/sign-in';
import { makePng } from './support/test-images';
import { seedVipFollower } from './support/vip-follower';

const running = usePlatformAndBrowser();
const phone = { width: 390, height: 844 };

describe('menus and surveys end to end', () => {
  it('shows the VIP her menu on the brand home; she takes the survey from it and is tagged', {
    timeout: 240_000,
  }, async () => {
    const { accounts, password } = running.platform.demo;
    const db = running.platform.database.db;
    const brand = await db.brand.findFirstOrThrow();
    const storage = createDiskFileStorage(path.join(running.platform.dataDir, 'uploads'));
    const imageKey = `${brand.id.toLowerCase()}/menu-vip-e2e.png`;
    await storage.put(imageKey, await makePng(2500, 843, [40, 30, 24]), 'image/png');
    const { segment, follower } = await seedVipFollower(db, brand.id, accounts.viewer);
    const likesBags = await db.tag.create({ data: { brandId: brand.id, name: 'likes bags' } });
    const survey = await createSurvey(db, brand.id, {
      title: 'Your style',
      intro: 'Two questions.',
      questions: [
        {
          kind: 'SINGLE',
          text: 'What do you shop for most?',
          required: true,
          scale: 5,
          choices: [
            { label: 'Bags', tagIds: [likesBags.id] },
            { label: 'Shoes', tagIds: [] },
          ],
        },
        { kind: 'RATING', text: 'How was your last visit?', required: true, scale: 5, choices: [] },
      ],
    });
    await createMenu(db, storage, brand.id, {
      name: 'Everyone',
      placement: 'DEFAULT',
      priority: 0,
      kind: 'GRID',
      height: 843,
      columns: 2,
      chatBarText: 'Menu',
      areas: [
        { label: 'Next show', action: { type: 'show' } },
        { label: 'Chat with us', action: { type: 'chat' } },
      ],
    });
    const vipMenu = await createMenu(db, storage, brand.id, {
      name: 'VIP lounge',
      placement: 'SEGMENT',
      segmentId: segment.id,
      priority: 1,
      kind: 'IMAGE',
      imageKey,
      height: 843,
      columns: 3,
      chatBarText: 'VIP',
      areas: [
        { label: 'Private viewing', bounds: { x: 0, y: 0, width: 1250, height: 843 }, action: { type: 'appointment' } },
        {
          label: 'Your style',
          bounds: { x: 1250, y: 0, width: 1250, height: 843 },
          action: { type: 'survey', surveyId: survey.id },
        },
      ],
    });

    // A visitor: the default grid, and the show area follows the calendar.
    const visitor = await newContext(running.browser, running.platform.baseUrl, phone);
    const anonymous = await visitor.newPage();
    await anonymous.goto(`/brands/${brand.slug}`);
    const grid = anonymous.getByTestId('brand-menu').getByTestId('menu-grid');
    await grid.waitFor();
    expect(await grid.getByTestId('menu-area').allTextContents()).toEqual([
      expect.stringMatching(/^(Remind me|Watch now|Next show)/),
      'Chat with us',
    ]);
    await saveScreenshot(anonymous, 'menus-phone-0-visitor-default-menu');
    await visitor.close();

    // The VIP, signed in: her image menu; a tap on the right half opens the survey.
    const context = await newContext(running.browser, running.platform.baseUrl, phone);
    const page = await context.newPage();
    await signInThroughForm(page, accounts.viewer, password, `/brands/${brand.slug}`);
    const errors = watchPageErrors(page);
    await page.goto(`/brands/${brand.slug}`);
    const image = page.getByTestId('brand-menu').getByTestId('menu-image');
    await image.waitFor();
    await saveScreenshot(page, 'menus-phone-1-vip-image-menu');
    const box = (await image.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(phone.width);
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
    await page.waitForURL(new RegExp(`/surveys/${survey.id}$`));
    const form = page.getByTestId('survey-form');
    await form.getByRole('button', { name: 'Bags' }).click();
    await form.getByRole('button', { name: '5', exact: true }).click();
    await saveScreenshot(page, 'menus-phone-2-survey');
    await form.getByRole('button', { name: 'Send my answers' }).click();
    await page.getByTestId('survey-done').waitFor();
    await saveScreenshot(page, 'menus-phone-3-survey-done');

    const tags = await db.followerTag.findMany({ where: { followerId: follower.id }, include: { tag: true } });
    expect(tags.map((row) => row.tag.name).sort()).toEqual(['likes bags', 'tapped your style', 'vip']);
    expect(await db.menuEvent.count({ where: { menuId: vipMenu.id, kind: 'TAP' } })).toBe(1);
    expect(await db.menuEvent.count({ where: { menuId: vipMenu.id, kind: 'IMPRESSION' } })).toBeGreaterThanOrEqual(1);

    // In her chat: her menu under the conversation, and a survey the brand asks there, answered with a quick reply.
    const staff = await newContext(running.browser, running.platform.baseUrl, desktopViewport);
    const consolePage = await staff.newPage();
    await signInThroughForm(consolePage, accounts.admin, password, `/console/${brand.id}/menus`);
    const wraps = await db.tag.create({ data: { brandId: brand.id, name: 'likes gift wrapping' } });
    const chatSurvey = await createSurvey(db, brand.id, {
      title: 'Gifts',
      intro: '',
      questions: [
        {
          kind: 'SINGLE',
          text: 'Gift wrapping for your next order?',
          required: true,
          scale: 5,
          choices: [
            { label: 'Yes please', tagIds: [wraps.id] },
            { label: 'No thanks', tagIds: [] },
          ],
        },
      ],
    });
    const started = await (await apiAsBrowser(context)).post<{ conversation: { id: string } }>(
      '/api/me/conversations',
      {
        brandId: brand.id,
        text: 'Hello',
      },
    );
    const conversationId = started.conversation.id;
    await (await apiAsBrowser(staff)).post(`/api/brands/${brand.id}/surveys/${chatSurvey.id}/ask`, { conversationId });
    await page.goto(`/me/chats/${conversationId}`);
    const replies = page.getByTestId('survey-quick-replies');
    await replies.waitFor();
    await page.getByTestId('brand-menu').waitFor();
    await saveScreenshot(page, 'menus-phone-4-chat-quick-replies-and-menu');
    await replies.getByRole('button', { name: 'Yes please' }).click();
    await replies.waitFor({ state: 'detached' });
    await expect
      .poll(() => page.getByTestId('customer-chat').textContent())
      .toContain('Thank you for answering "Gifts"');
    expect(await db.followerTag.count({ where: { followerId: follower.id, tagId: wraps.id } })).toBe(1);
    expect(errors).toEqual([]);
    await context.close();

    // The console, on a desktop: the menus in order, and "preview as this customer" shows her VIP menu.
    await consolePage.goto(`/console/${brand.id}/menus`);
    await consolePage.getByTestId('menu-list').waitFor();
    expect(await consolePage.getByTestId('menu-list').textContent()).toMatch(/VIP lounge.*priority 1.*Everyone/s);
    await consolePage.getByTestId('menu-preview').getByLabel('Customer').selectOption(follower.id);
    await expect.poll(() => consolePage.getByTestId('menu-preview-name').textContent()).toContain('VIP lounge');
    await consolePage.getByRole('button', { name: 'Edit' }).first().click();
    await consolePage.getByTestId('menu-canvas').waitFor();
    await saveScreenshot(consolePage, 'menus-desktop-5-console-editor-and-preview');
    await staff.close();
  });
});
