// Issue 13, security: a customer sees only her conversations, staff only their brand's, advisors only chats and
// customers; bad input gets stable codes; images are content-checked; sending is rate limited.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecondBrand } from '../../infra/test-support/second-brand';
import {
  demoAccounts,
  startTestApplication,
  type TestApplication,
  type TestClient,
} from '../../infra/test-support/test-application';
import { sendNotices } from '../announcements/customer-notices';
import type { ConversationSummary } from './conversation-schemas';

let t: TestApplication;
let rival: Awaited<ReturnType<typeof createSecondBrand>>;
let customer: TestClient;
let other: TestClient;
let advisor: TestClient;
let conversationId: string;

const multipart = (bytes: Buffer, type = 'image/png') => {
  const boundary = 'livecartboundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.png"\r\ncontent-type: ${type}\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
};

beforeAll(async () => {
  t = await startTestApplication();
  rival = await createSecondBrand(t.database.db, 'rival-password');
  customer = await t.signedIn(demoAccounts.viewer);
  other = await t.signedUp({ email: 'other-customer@example.com', password: 'another-password-1', name: 'Olga Other' });
  advisor = await t.signedIn(demoAccounts.advisor);
  const started = await customer.post('/api/me/conversations', {
    brandId: t.demo.brandId,
    text: 'hello <img src=x onerror=alert(1)>',
  });
  expect(started.statusCode).toBe(201);
  conversationId = (started.json() as { conversation: ConversationSummary }).conversation.id;
});
afterAll(async () => t?.close());

describe('who sees what', () => {
  it("keeps a customer out of another customer's conversation (404, nothing written)", async () => {
    for (const response of [
      await other.get(`/api/me/conversations/${conversationId}`),
      await other.get(`/api/me/conversations/${conversationId}/messages`),
      await other.post(`/api/me/conversations/${conversationId}/messages`, { text: 'mine now' }),
      await other.post(`/api/me/conversations/${conversationId}/read`),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
    expect((await other.get('/api/me/conversations')).json()).toEqual({ items: [] });
    expect(await t.database.db.conversationMessage.count({ where: { conversationId } })).toBe(1);
  });

  it("keeps another brand's staff out, and customers out of the console", async () => {
    const rivalAdmin = await t.signedIn(rival.admin.email, 'rival-password');
    const base = `/api/brands/${t.demo.brandId}/conversations`;
    for (const url of [
      base,
      `${base}/${conversationId}`,
      `${base}/${conversationId}/messages`,
      `${base}/${conversationId}/customer`,
      `${base}/${conversationId}/export.csv`,
    ]) {
      expect((await rivalAdmin.get(url)).statusCode, url).toBe(404);
      expect((await customer.get(url)).statusCode, url).toBe(404);
    }
    // Its own brand id with this brand's conversation id: still 404.
    expect(
      (await rivalAdmin.get(`/api/brands/${rival.brand.id}/conversations/${conversationId}/messages`)).statusCode,
    ).toBe(404);
    expect(
      (
        await rivalAdmin.post(`/api/brands/${rival.brand.id}/conversations/${conversationId}/messages`, {
          kind: 'TEXT',
          text: 'hi',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await rivalAdmin.patch(`/api/brands/${rival.brand.id}/conversations/${conversationId}`, { status: 'RESOLVED' }))
        .statusCode,
    ).toBe(404);
  });

  it('refuses a product card of another brand', async () => {
    const response = await advisor.post(`/api/brands/${t.demo.brandId}/conversations/${conversationId}/messages`, {
      kind: 'PRODUCT',
      productId: rival.product.id,
    });
    expect(response.statusCode).toBe(404);
  });

  it('lets an advisor see chats and customers, not the catalogue, shows or announcements', async () => {
    const brand = t.demo.brandId;
    expect((await advisor.get(`/api/brands/${brand}/conversations`)).statusCode).toBe(200);
    expect((await advisor.get(`/api/brands/${brand}/conversations/${conversationId}/customer`)).statusCode).toBe(200);
    expect((await advisor.get(`/api/brands/${brand}/followers`)).statusCode).toBe(200);
    for (const url of [
      `/api/brands/${brand}/products`,
      `/api/brands/${brand}/shows`,
      `/api/brands/${brand}/staff`,
      `/api/brands/${brand}/segments`,
    ]) {
      expect((await advisor.get(url)).statusCode, url).toBe(403);
    }
    // Hosts and moderators run shows; they do not see the brand's private conversations.
    const host = await t.signedIn(demoAccounts.host);
    expect((await host.get(`/api/brands/${brand}/conversations`)).statusCode).toBe(403);
  });

  it("shows her other conversations with the brand in the panel (her LINE follower's), never another customer's", async () => {
    const { db } = t.database;
    const brandId = t.demo.brandId;
    const user = await db.user.findUniqueOrThrow({ where: { email: demoAccounts.viewer } });
    const follower = await db.follower.upsert({
      where: { brandId_userId: { brandId, userId: user.id } },
      create: { brandId, userId: user.id, name: user.name, lineUserId: 'U00000000000000000000000000000a1c' },
      update: { lineUserId: 'U00000000000000000000000000000a1c' },
    });
    const onLine = await db.conversation.create({
      data: { brandId, followerId: follower.id, channel: 'LINE', lastMessagePreview: 'Sent from LINE' },
    });
    const stranger = await db.follower.create({ data: { brandId, name: 'Stranger' } });
    await db.conversation.create({ data: { brandId, followerId: stranger.id, channel: 'LINE' } });
    const panel = (await advisor.get(`/api/brands/${brandId}/conversations/${conversationId}/customer`)).json() as {
      pastConversations: { id: string; channel: string; lastMessagePreview: string }[];
    };
    expect(panel.pastConversations).toEqual([
      expect.objectContaining({ id: onLine.id, channel: 'LINE', lastMessagePreview: 'Sent from LINE' }),
    ]);
    const back = (await advisor.get(`/api/brands/${brandId}/conversations/${onLine.id}/customer`)).json() as {
      pastConversations: { id: string }[];
    };
    expect(back.pastConversations.map((past) => past.id)).toEqual([conversationId]);
    await db.conversation.deleteMany({ where: { followerId: { in: [follower.id, stranger.id] } } });
  });

  it("shows the brand's announcements to her in her thread, not another brand's, and not to another customer", async () => {
    const { db } = t.database;
    const user = await db.user.findUniqueOrThrow({ where: { email: demoAccounts.viewer } });
    const message = (title: string) => ({
      title,
      showUrl: 'http://localhost:3000/',
      balloons: [{ type: 'text' as const, text: `${title} <b>now</b>` }],
    });
    await sendNotices(db, [
      { brandId: t.demo.brandId, userId: user.id, dedupeKey: `thread-a-${user.id}`, message: message('Private sale') },
      { brandId: rival.brand.id, userId: user.id, dedupeKey: `thread-b-${user.id}`, message: message('Rival news') },
    ]);
    const page = await customer.get(`/api/me/conversations/${conversationId}/announcements`);
    expect(page.statusCode).toBe(200);
    const items = (page.json() as { items: { message: { title: string; balloons: { text?: string }[] } }[] }).items;
    expect(items.map((item) => item.message.title)).toEqual(['Private sale']);
    expect(items[0]!.message.balloons[0]!.text).toBe('Private sale <b>now</b>');
    expect((await other.get(`/api/me/conversations/${conversationId}/announcements`)).statusCode).toBe(404);
  });

  it('assigns only to chat staff, hands over with a private trace, snoozes into the future only', async () => {
    const base = `/api/brands/${t.demo.brandId}/conversations/${conversationId}`;
    const host = await t.database.db.user.findUniqueOrThrow({ where: { email: demoAccounts.host } });
    const refused = await advisor.patch(base, { assigneeId: host.id });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields.assigneeId).toBeDefined();
    const admin = await t.database.db.user.findUniqueOrThrow({ where: { email: demoAccounts.admin } });
    const handed = await advisor.patch(base, { assigneeId: admin.id });
    expect(handed.statusCode).toBe(200);
    expect(handed.json().assignee).toMatchObject({ userId: admin.id });
    const notes = await t.database.db.conversationMessage.findMany({ where: { conversationId, private: true } });
    expect(notes.at(-1)?.text).toContain('handed this conversation over');
    expect(
      (await advisor.patch(base, { status: 'SNOOZED', snoozedUntil: new Date(Date.now() - 1000).toISOString() }))
        .statusCode,
    ).toBe(400);
    expect((await advisor.patch(base, { status: 'SNOOZED' })).json().error.code).toBe('VALIDATION_FAILED');
    const snoozed = await advisor.patch(base, {
      status: 'SNOOZED',
      snoozedUntil: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(snoozed.json()).toMatchObject({ status: 'SNOOZED' });
    const counts = (await advisor.get(`/api/brands/${t.demo.brandId}/conversations/counts`)).json();
    expect(counts.status.SNOOZED).toBe(1);
    // The customer writing again reopens it.
    await customer.post(`/api/me/conversations/${conversationId}/messages`, { text: 'still there?' });
    expect((await advisor.get(base)).json()).toMatchObject({ status: 'OPEN', snoozedUntil: null });
  });

  it('filters the list by status, scope, unread and search', async () => {
    const base = `/api/brands/${t.demo.brandId}/conversations`;
    const ids = async (query: string) =>
      ((await advisor.get(`${base}?${query}`)).json() as { items: ConversationSummary[] }).items.map((item) => item.id);
    expect(await ids('status=OPEN')).toEqual([conversationId]);
    expect(await ids('status=RESOLVED')).toEqual([]);
    expect(await ids('scope=unassigned')).toEqual([]);
    expect(await ids('scope=mine')).toEqual([]); // assigned to the admin above
    expect(await ids('unread=true')).toEqual([conversationId]);
    expect(await ids('q=STILL%20THERE')).toEqual([conversationId]);
    expect(await ids('q=Vera')).toEqual([conversationId]);
    expect(await ids('q=nobody-says-this')).toEqual([]);
  });
});

describe('bad input', () => {
  it('answers stable codes, never a crash', async () => {
    const url = `/api/me/conversations/${conversationId}/messages`;
    const cases: [unknown, string][] = [
      [{ text: '' }, 'VALIDATION_FAILED'],
      [{ text: 'x'.repeat(2001) }, 'VALIDATION_FAILED'],
      [{ text: 'nul\u0000byte' }, 'VALIDATION_FAILED'],
      [{ text: 'hi', extra: 1 }, 'VALIDATION_FAILED'],
      [{ text: 42 }, 'VALIDATION_FAILED'],
      [{ productId: "'; drop table" }, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of cases) {
      const response = await customer.post(url, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.code).toBe(code);
    }
    expect((await customer.post(url, { text: 'x'.repeat(2000) })).statusCode).toBe(201);
    expect((await customer.get(`${url}?before=abc`)).json().error.code).toBe('VALIDATION_FAILED');
    expect((await customer.post('/api/me/conversations', { brandId: 'nope', text: 'hi' })).json().error.code).toBe(
      'NOT_FOUND',
    );
    expect((await t.client().get('/api/me/conversations')).json().error.code).toBe('UNAUTHENTICATED');
  });

  it('stores markup as text, never as markup', async () => {
    const page = (await customer.get(`/api/me/conversations/${conversationId}/messages?limit=100`)).json() as {
      items: { text: string }[];
    };
    expect(page.items[0]!.text).toBe('hello <img src=x onerror=alert(1)>');
  });

  it('checks, resizes and re-encodes images; refuses what is not one', async () => {
    const url = `/api/me/conversations/${conversationId}/images`;
    const big = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#c33' } })
      .jpeg()
      .toBuffer();
    const upload = multipart(big, 'image/jpeg');
    const stored = await customer.request('POST', url, upload.body, upload.headers);
    expect(stored.statusCode).toBe(201);
    const imageUrl: string = stored.json().message.imageUrl;
    const file = await t.app.http.inject({ method: 'GET', url: imageUrl });
    const meta = await sharp(file.rawPayload).metadata();
    expect([meta.format, Math.max(meta.width!, meta.height!)]).toEqual(['jpeg', 1600]);
    const fake = multipart(
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      'image/png',
    );
    const refused = await customer.request('POST', url, fake.body, fake.headers);
    expect(refused.statusCode).toBe(415);
    expect(refused.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('limits how fast one customer sends', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++)
      statuses.push(
        (await other.post('/api/me/conversations', { brandId: t.demo.brandId, text: `flood ${i}` })).statusCode,
      );
    expect(statuses.slice(0, 30).every((status) => status === 201)).toBe(true);
    expect(statuses.slice(30).every((status) => status === 429)).toBe(true);
  });
});
