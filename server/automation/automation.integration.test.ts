// Automation on the web channel, for real: a signed-up customer writes to the brand through the conversations API;
// keyword rules, bot/human mode, the away message and the statistics, on PostgreSQL; tenants and roles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecondBrand } from '../../infra/test-support/second-brand';
import {
  demoAccounts,
  startTestApplication,
  type TestApplication,
  type TestClient,
} from '../../infra/test-support/test-application';

let t: TestApplication;
let admin: TestClient;
let customer: TestClient;
let brandId: string;
let customerId: string;

const settings = (over: Record<string, unknown> = {}) => ({
  welcomeEnabled: false,
  welcomeBalloons: [],
  timeZone: 'Asia/Bangkok',
  hours: [],
  awayEnabled: false,
  awayBalloons: [],
  botIdleMinutes: 30,
  humanKeywords: [],
  ...over,
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function thread(conversationId: string) {
  return t.database.db.conversationMessage.findMany({
    where: { conversationId },
    orderBy: { createdAt: 'asc' },
    select: { sender: true, text: true, authorName: true },
  });
}

/** Sends as the customer and waits until the automation has had its say (its hook runs after delivery). */
async function ask(text: string, expectBot: number): Promise<string> {
  const response = await customer.post('/api/me/conversations', { brandId, text });
  expect(response.statusCode, response.body).toBe(201);
  const conversationId = response.json().conversation.id as string;
  if (expectBot === 0) {
    // Nothing should come: give the hook time to run (it would answer within a few ms), then move on.
    await pause(250);
    return conversationId;
  }
  const messageId = response.json().message.id as string;
  const sent = await t.database.db.conversationMessage.findUniqueOrThrow({ where: { id: messageId } });
  const end = Date.now() + 4000;
  while (Date.now() < end) {
    const bots = await t.database.db.conversationMessage.count({
      where: { conversationId, sender: 'BOT', createdAt: { gte: sent.createdAt } },
    });
    if (bots >= expectBot) break;
    await pause(30);
  }
  return conversationId;
}

beforeAll(async () => {
  t = await startTestApplication();
  brandId = t.demo.brandId;
  admin = await t.signedIn(demoAccounts.admin);
  customer = await t.signedUp({ email: 'kanya@example.com', password: 'kanya-password-1', name: 'Kanya' });
  customerId = (await t.database.db.user.findUniqueOrThrow({ where: { email: 'kanya@example.com' } })).id;
  expect((await admin.request('PUT', `/api/brands/${brandId}/automation/settings`, settings())).statusCode).toBe(200);
});
afterAll(async () => t?.close());

describe('keyword rules', () => {
  let shippingRule: string;
  it('answer a Thai question with the rule’s balloons, and an echo of another rule’s keyword triggers nothing', async () => {
    const shipping = await admin.post(`/api/brands/${brandId}/automation/rules`, {
      name: 'Shipping',
      keywords: ['ส่งฟรี', 'free shipping'],
      priority: 5,
      balloons: [
        { type: 'text', text: 'ส่งฟรีทุกออเดอร์ค่ะ — and ask about our SALE too!' },
        { type: 'text', text: 'Delivery takes 2-3 days.' },
      ],
    });
    expect(shipping.statusCode, shipping.body).toBe(201);
    shippingRule = shipping.json().id;
    // This rule's keyword appears in the shipping rule's answer: if answers triggered rules, it would fire.
    const sale = await admin.post(`/api/brands/${brandId}/automation/rules`, {
      name: 'Sale',
      keywords: ['SALE'],
      match: 'CONTAINS',
      balloons: [{ type: 'text', text: 'Sale starts Friday.' }],
    });
    expect(sale.statusCode).toBe(201);
    const conversationId = await ask('มีส่งฟรีไหมคะ', 2);
    const messages = await thread(conversationId);
    expect(messages.map((m) => [m.sender, m.text])).toEqual([
      ['CUSTOMER', 'มีส่งฟรีไหมคะ'],
      ['BOT', 'ส่งฟรีทุกออเดอร์ค่ะ — and ask about our SALE too!'],
      ['BOT', 'Delivery takes 2-3 days.'],
    ]);
    await pause(300);
    expect(await t.database.db.conversationMessage.count({ where: { conversationId, sender: 'BOT' } })).toBe(2);
    expect(await t.database.db.autoReplyHit.count({ where: { brandId } })).toBe(1);
  });

  it('refuses more than 50 keywords and more than 5 balloons, and another brand’s product', async () => {
    const many = await admin.post(`/api/brands/${brandId}/automation/rules`, {
      name: 'Too many',
      keywords: Array.from({ length: 51 }, (_, i) => `k${i}`),
      balloons: [{ type: 'text', text: 'x' }],
    });
    expect(many.statusCode).toBe(400);
    expect(many.json().error.fields.keywords).toMatch(/50/);
    const fifty = await admin.post(`/api/brands/${brandId}/automation/rules`, {
      name: 'Fifty',
      keywords: Array.from({ length: 50 }, (_, i) => `word${i}`),
      enabled: false,
      balloons: [{ type: 'text', text: 'x' }],
    });
    expect(fifty.statusCode).toBe(201);
    const balloons = await admin.post(`/api/brands/${brandId}/automation/rules`, {
      name: 'Six',
      keywords: ['six'],
      balloons: Array.from({ length: 6 }, () => ({ type: 'text', text: 'x' })),
    });
    expect(balloons.statusCode).toBe(400);
    const rival = await createSecondBrand(t.database.db, 'rival-password');
    const foreign = await admin.post(`/api/brands/${brandId}/automation/rules`, {
      name: 'Foreign',
      keywords: ['hat'],
      balloons: [{ type: 'product', productId: rival.product.id }],
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.fields['balloons.0.productId']).toBeDefined();
    const zone = await admin.post(`/api/brands/${brandId}/automation/rules`, {
      name: 'Zone',
      keywords: ['z'],
      timeZone: 'Mars/Olympus',
      balloons: [{ type: 'text', text: 'x' }],
    });
    expect(zone.statusCode).toBe(400);
  });

  it('counts hits per rule and keyword, unmatched questions normalised, and orders placed within 24 h of an auto-reply', async () => {
    await ask('ＦＲＥＥ　ＳＨＩＰＰＩＮＧ?', 2);
    await ask('Do you have it in RED?', 0);
    await ask('do you have it in red?', 0);
    const paid = { brandId, buyerId: customerId, totalMinor: 5000, currency: 'thb', paymentProvider: 'test' };
    await t.database.db.order.create({ data: { ...paid, status: 'PAID' } });
    await t.database.db.order.create({ data: { ...paid, status: 'FAILED' } });
    // An order from long before the replies does not count.
    await t.database.db.order.create({
      data: { ...paid, status: 'PAID', createdAt: new Date(Date.now() - 3 * 86_400_000) },
    });
    const stats = await admin.get(`/api/brands/${brandId}/automation/stats?days=30`);
    expect(stats.statusCode).toBe(200);
    const body = stats.json();
    const shipping = body.rules.find((rule: { ruleId: string }) => rule.ruleId === shippingRule);
    expect(shipping).toMatchObject({ hits: 2, ordersWithin24h: 1 });
    expect(shipping.keywords).toEqual([
      { keyword: 'free shipping', hits: 1 },
      { keyword: 'ส่งฟรี', hits: 1 },
    ]);
    expect(body.unmatched[0]).toMatchObject({ text: 'do you have it in red?', count: 2 });
    expect(body.totals).toMatchObject({ hits: 2, ordersWithin24h: 1 });
  });
});

describe('bot and human mode', () => {
  it('a staff reply silences the bot; the customer asking for a person does too; the bot returns after the idle time', async () => {
    const conversationId = await ask('free shipping', 2);
    const staffUrl = `/api/brands/${brandId}/conversations/${conversationId}/messages`;
    expect((await admin.post(staffUrl, { kind: 'TEXT', text: 'Hello Kanya, I am Ava.' })).statusCode).toBe(201);
    expect((await t.database.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).mode).toBe('HUMAN');
    const before = await t.database.db.conversationMessage.count({ where: { conversationId, sender: 'BOT' } });
    await ask('free shipping again?', 0);
    expect(await t.database.db.conversationMessage.count({ where: { conversationId, sender: 'BOT' } })).toBe(before);
    // The idle time passes (the last human reply moved back 31 minutes): the bot answers again.
    await t.database.db.conversation.update({
      where: { id: conversationId },
      data: { lastHumanReplyAt: new Date(Date.now() - 31 * 60_000) },
    });
    await ask('free shipping?', 2);
    expect((await t.database.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).mode).toBe('BOT');
    // Asking for a person: human mode and one handover line, then silence.
    await ask('ขอคุยกับเจ้าหน้าที่ค่ะ', 1);
    const row = await t.database.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(row.mode).toBe('HUMAN');
    const last = (await thread(conversationId)).at(-1);
    expect(last).toMatchObject({ sender: 'BOT', text: expect.stringContaining('member of our team') });
  });

  it('outside business hours sends the away message once, in the brand’s time zone', async () => {
    const closedAllWeek = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, from: '00:00', until: '00:01' }));
    expect(
      (
        await admin.request(
          'PUT',
          `/api/brands/${brandId}/automation/settings`,
          settings({
            hours: closedAllWeek,
            awayEnabled: true,
            awayBalloons: [{ type: 'text', text: 'We are closed now; we answer from 10:00 Bangkok time.' }],
          }),
        )
      ).statusCode,
    ).toBe(200);
    const night = await t.signedUp({ email: 'yuki@example.com', password: 'yuki-password-1', name: 'Yuki' });
    customer = night;
    const conversationId = await ask('hello?', 1);
    await ask('anyone there?', 0);
    const away = (await thread(conversationId)).filter((m) => m.authorName === 'Away message');
    expect(away.map((m) => m.text)).toEqual(['We are closed now; we answer from 10:00 Bangkok time.']);
  });
});

describe('welcome on follow', () => {
  it('welcomes a first follow on the site in her own thread, once; a repeated follow sends nothing', async () => {
    const welcome = settings({ welcomeEnabled: true, welcomeBalloons: [{ type: 'text', text: 'Welcome to Acme 🎁' }] });
    expect((await admin.request('PUT', `/api/brands/${brandId}/automation/settings`, welcome)).statusCode).toBe(200);
    const fan = await t.signedUp({ email: 'somchai@example.com', password: 'somchai-password-1', name: 'Somchai' });
    const fanId = (await t.database.db.user.findUniqueOrThrow({ where: { email: 'somchai@example.com' } })).id;
    expect((await fan.post(`/api/brands/${brandId}/follow`)).statusCode).toBe(200);
    const end = Date.now() + 4000;
    let rows: { sender: string; text: string }[] = [];
    while (Date.now() < end) {
      const conversation = await t.database.db.conversation.findUnique({
        where: { brandId_userId: { brandId, userId: fanId } },
      });
      rows = conversation ? await thread(conversation.id) : [];
      if (rows.length > 0) break;
      await pause(30);
    }
    expect(rows).toEqual([expect.objectContaining({ sender: 'BOT', text: 'Welcome to Acme 🎁' })]);
    // Her thread from the brand's page is that same conversation.
    const list = (await fan.get('/api/me/conversations')).json() as { items: { brandId: string }[] };
    expect(list.items.map((item) => item.brandId)).toEqual([brandId]);
    expect((await fan.post(`/api/brands/${brandId}/follow`)).statusCode).toBe(200);
    await pause(250);
    expect(
      await t.database.db.conversationMessage.count({ where: { brandId, sender: 'BOT', text: 'Welcome to Acme 🎁' } }),
    ).toBe(1);
    expect((await admin.request('PUT', `/api/brands/${brandId}/automation/settings`, settings())).statusCode).toBe(200);
  });
});

describe('automation tenants and roles', () => {
  it('only the brand’s admins manage automation; other brands get 404, show staff 403', async () => {
    const rival = await createSecondBrand(t.database.db, 'rival-password');
    const rivalAdmin = await t.signedIn(rival.admin.email, 'rival-password');
    const rule = (await admin.get(`/api/brands/${brandId}/automation`)).json().rules[0];
    for (const [method, url] of [
      ['GET', `/api/brands/${brandId}/automation`],
      ['GET', `/api/brands/${brandId}/automation/stats`],
      ['PUT', `/api/brands/${brandId}/automation/settings`],
      ['DELETE', `/api/brands/${brandId}/automation/rules/${rule.id}`],
    ] as const) {
      const response = await rivalAdmin.request(method, url, method === 'PUT' ? settings() : undefined);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
    // A rival's rule id through its own brand: not found, unchanged.
    expect(
      (await rivalAdmin.request('DELETE', `/api/brands/${rival.brand.id}/automation/rules/${rule.id}`)).statusCode,
    ).toBe(404);
    expect(await t.database.db.autoReplyRule.count({ where: { id: rule.id } })).toBe(1);
    const host = await t.signedIn(demoAccounts.host);
    expect((await host.get(`/api/brands/${brandId}/automation`)).statusCode).toBe(403);
    expect((await customer.get(`/api/brands/${brandId}/automation`)).statusCode).toBe(404);
    expect((await t.client().get(`/api/brands/${brandId}/automation`)).statusCode).toBe(401);
  });
});
