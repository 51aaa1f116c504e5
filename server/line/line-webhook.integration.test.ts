// LINE in the brand's inbox, for real: the platform on a test database, a strict local LINE stand-in, webhooks
// signed as the LINE Platform signs them. Signatures valid, tampered and replayed; follows, unfollows and messages;
// replies by reply token while it is fresh, else by push; tenants and roles.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecondBrand } from '../../infra/test-support/second-brand';
import {
  demoAccounts,
  startTestApplication,
  type TestApplication,
  type TestClient,
} from '../../infra/test-support/test-application';
import { signedWebhook, startLineStandIn, webhookEventId } from '../channels/testing/line-stand-in';
import { saveLineAccount } from './line-account-service';

const secret = '0123456789abcdef0123456789abcdef';
const otherSecret = 'fedcba9876543210fedcba9876543210';
const token = 'channel-access-token-for-tests-0123456789';
const alice = 'U0000000000000000000000000000a11e';
const bob = 'U00000000000000000000000000000b0b';
const carol = 'U00000000000000000000000000000ca7';

let t: TestApplication;
let line: Awaited<ReturnType<typeof startLineStandIn>>;
let admin: TestClient;
let brandId: string;

const until = async <T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 5000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

const event = (type: string, userId: string, extra: Record<string, unknown> = {}) => ({
  type,
  mode: 'active',
  timestamp: Date.now(),
  source: { type: 'user', userId },
  webhookEventId: webhookEventId(),
  deliveryContext: { isRedelivery: false },
  ...extra,
});

function post(path: string, body: string, signature?: string) {
  return t.app.http.inject({
    method: 'POST',
    url: path,
    payload: body,
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-line-signature': signature } : {}) },
  });
}

const webhook = () => `/api/line/webhook/${brandId}`;

beforeAll(async () => {
  line = await startLineStandIn({ replyTokenLifetimeMs: 60_000 });
  t = await startTestApplication({ lineApiBaseUrl: line.baseUrl });
  brandId = t.demo.brandId;
  admin = await t.signedIn(demoAccounts.admin);
  const saved = await admin.request('PUT', `/api/brands/${brandId}/line`, {
    channelSecret: secret,
    channelAccessToken: token,
  });
  expect(saved.statusCode).toBe(200);
  expect(saved.json()).toEqual({
    configured: true,
    enabled: true,
    webhookUrl: `http://localhost:3000/api/line/webhook/${brandId}`,
  });
  expect(saved.body).not.toContain(secret);
  const settings = await admin.request('PUT', `/api/brands/${brandId}/automation/settings`, {
    welcomeEnabled: true,
    welcomeBalloons: [{ type: 'text', text: 'Welcome to our official account 🎁' }],
    timeZone: 'Asia/Tokyo',
    hours: [],
    awayEnabled: false,
    awayBalloons: [],
    botIdleMinutes: 30,
    humanKeywords: [],
  });
  expect(settings.statusCode).toBe(200);
  const rule = await admin.post(`/api/brands/${brandId}/automation/rules`, {
    name: 'Sale',
    keywords: ['セール', 'sale'],
    balloons: [
      { type: 'text', text: 'The winter sale starts on Friday.' },
      { type: 'text', text: `${'🎁'.repeat(900)} up to 50% off` },
    ],
  });
  expect(rule.statusCode).toBe(201);
});
afterAll(async () => {
  await t?.close();
  await line?.close();
});

describe('LINE webhook signatures', () => {
  it('takes a correctly signed follow: the follower exists and the welcome goes out with the reply token', async () => {
    const replyToken = line.issueReplyToken();
    const { body, signature } = signedWebhook(secret, [event('follow', alice, { replyToken })]);
    const response = await post(webhook(), body, signature);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ received: 1, fresh: 1 });
    const follower = await t.database.db.follower.findUnique({
      where: { brandId_lineUserId: { brandId, lineUserId: alice } },
    });
    expect(follower).toMatchObject({ optOutLine: false });
    const delivered = await until(
      async () => line.delivered.filter((d) => d.replyToken === replyToken),
      (list) => list.length > 0,
    );
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.messages).toEqual([{ type: 'text', text: 'Welcome to our official account 🎁' }]);
  });

  it('refuses a tampered body, a missing signature and another channel’s signature, storing nothing', async () => {
    const before = await t.database.db.lineWebhookEvent.count();
    const { body, signature } = signedWebhook(secret, [
      event('message', bob, { replyToken: line.issueReplyToken(), message: { id: '1', type: 'text', text: 'hello' } }),
    ]);
    const tampered = body.replace('hello', 'hellO');
    for (const [payload, sig] of [
      [tampered, signature],
      [body, undefined],
      [body, signedWebhook(otherSecret, []).signature],
      [body, 'not base64 at all!!'],
    ] as const) {
      const response = await post(webhook(), payload, sig);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    }
    // The signature is over the raw bytes: the same JSON re-serialised with other spacing does not pass.
    const respaced = JSON.stringify(JSON.parse(body), null, 1);
    expect((await post(webhook(), respaced, signature)).statusCode).toBe(400);
    expect(await t.database.db.lineWebhookEvent.count()).toBe(before);
    expect(await t.database.db.follower.count({ where: { lineUserId: bob } })).toBe(0);
  });

  it('takes a message once: a replayed request and LINE’s redelivery change nothing and answer nothing twice', async () => {
    const replyToken = line.issueReplyToken();
    const message = event('message', alice, {
      replyToken,
      message: { id: '42', type: 'text', text: 'ＳＡＬＥはいつ？' },
    });
    const { body, signature } = signedWebhook(secret, [message]);
    expect((await post(webhook(), body, signature)).json()).toEqual({ received: 1, fresh: 1 });
    const answered = await until(
      async () => line.delivered.filter((d) => d.replyToken === replyToken),
      (list) => list.length > 0,
    );
    // Both balloons in one reply (one token answers up to 5 messages), in order.
    expect(answered).toHaveLength(1);
    expect(answered[0]?.messages).toEqual([
      { type: 'text', text: 'The winter sale starts on Friday.' },
      { type: 'text', text: `${'🎁'.repeat(900)} up to 50% off` },
    ]);
    // The very same request again (a replay), then the same event redelivered in a new request.
    expect((await post(webhook(), body, signature)).json()).toEqual({ received: 1, fresh: 0 });
    const redelivery = signedWebhook(secret, [{ ...message, deliveryContext: { isRedelivery: true } }]);
    expect((await post(webhook(), redelivery.body, redelivery.signature)).json()).toEqual({ received: 1, fresh: 0 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const follower = await t.database.db.follower.findUniqueOrThrow({
      where: { brandId_lineUserId: { brandId, lineUserId: alice } },
    });
    const conversation = await t.database.db.conversation.findUniqueOrThrow({
      where: { brandId_followerId: { brandId, followerId: follower.id } },
    });
    expect(conversation.channel).toBe('LINE');
    const customerMessages = await t.database.db.conversationMessage.findMany({
      where: { conversationId: conversation.id, sender: 'CUSTOMER' },
    });
    expect(customerMessages.map((m) => m.text)).toEqual(['ＳＡＬＥはいつ？']);
    expect(await t.database.db.autoReplyHit.count({ where: { conversationId: conversation.id } })).toBe(1);
    expect(line.delivered.filter((d) => JSON.stringify(d.messages).includes('winter sale'))).toHaveLength(1);
  });

  it('keeps an image (fetched from LINE, checked and re-encoded), a location with a map link and a sticker’s words', async () => {
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c33' } })
      .jpeg()
      .toBuffer();
    line.addContent('img-1', photo);
    const { body, signature } = signedWebhook(secret, [
      event('message', carol, { message: { id: 'img-1', type: 'image', contentProvider: { type: 'line' } } }),
      event('message', carol, { message: { id: 'img-2', type: 'image', contentProvider: { type: 'line' } } }),
      event('message', carol, {
        message: {
          id: 'loc-1',
          type: 'location',
          title: 'Siam Paragon',
          address: 'Bangkok',
          latitude: 13.746,
          longitude: 100.534,
        },
      }),
      event('message', carol, {
        message: {
          id: 'stk-1',
          type: 'sticker',
          packageId: '446',
          stickerId: '1988',
          keywords: ['Happy', 'Hooray', 'Yay', 'More'],
        },
      }),
    ]);
    expect((await post(webhook(), body, signature)).json()).toEqual({ received: 4, fresh: 4 });
    const follower = await t.database.db.follower.findUniqueOrThrow({
      where: { brandId_lineUserId: { brandId, lineUserId: carol } },
    });
    const messages = await t.database.db.conversationMessage.findMany({
      where: { brandId, sender: 'CUSTOMER', conversation: { followerId: follower.id } },
      orderBy: { seq: 'asc' },
    });
    expect(messages.map((message) => message.kind)).toEqual(['IMAGE', 'TEXT', 'TEXT', 'TEXT']);
    // Stored through the storage port as a JPEG (what LINE accepts back); the second image LINE no longer had.
    expect(messages[0]!.imageKey).toMatch(/\.jpg$/);
    expect(messages[1]!.text).toBe('[sent an image on LINE]');
    expect(messages[2]!.text).toBe(
      '📍 Siam Paragon\nBangkok\nhttps://www.google.com/maps/search/?api=1&query=13.746,100.534',
    );
    expect(messages[3]!.text).toBe('[sticker: Happy, Hooray, Yay]');
  });

  it('answers LINE’s empty verification request', async () => {
    const { body, signature } = signedWebhook(secret, []);
    expect((await post(webhook(), body, signature)).json()).toEqual({ received: 0, fresh: 0 });
  });
});

describe('staff replies to LINE users', () => {
  it('use the reply token while it is fresh, push once it is used, stale or refused', async () => {
    const follower = await t.database.db.follower.findUniqueOrThrow({
      where: { brandId_lineUserId: { brandId, lineUserId: alice } },
    });
    const conversation = await t.database.db.conversation.findUniqueOrThrow({
      where: { brandId_followerId: { brandId, followerId: follower.id } },
    });
    const url = `/api/brands/${brandId}/conversations/${conversation.id}/messages`;
    // A fresh token from a new message that no rule answers: the staff reply uses it.
    const replyToken = line.issueReplyToken();
    const question = signedWebhook(secret, [
      event('message', alice, {
        replyToken,
        message: { id: '43', type: 'text', text: 'Is the blue one available in 38?' },
      }),
    ]);
    await post(webhook(), question.body, question.signature);
    await until(
      () =>
        t.database.db.conversationMessage.count({
          where: { conversationId: conversation.id, text: 'Is the blue one available in 38?' },
        }),
      (n) => n === 1,
    );
    expect((await admin.post(url, { kind: 'TEXT', text: 'Yes 💙 size 38 is in stock.' })).statusCode).toBe(201);
    const replied = await until(
      async () => line.delivered.filter((d) => d.replyToken === replyToken),
      (list) => list.length > 0,
    );
    expect(replied[0]?.messages).toEqual([{ type: 'text', text: 'Yes 💙 size 38 is in stock.' }]);
    // The token is used: the next reply is a push to the LINE user, with a retry key.
    expect((await admin.post(url, { kind: 'TEXT', text: 'Shall I hold it for you?' })).statusCode).toBe(201);
    const pushed = await until(
      async () => line.delivered.filter((d) => d.via === 'push' && JSON.stringify(d.messages).includes('hold it')),
      (list) => list.length > 0,
    );
    expect(pushed[0]?.to).toBe(alice);
    // A stale token (older than its validity) is not tried; a token LINE refuses falls back to push.
    await t.database.db.lineReplyToken.create({
      data: {
        followerId: follower.id,
        brandId,
        replyToken: line.issueReplyToken(),
        receivedAt: new Date(Date.now() - 120_000),
      },
    });
    await admin.post(url, { kind: 'TEXT', text: 'Stale token message' });
    await t.database.db.lineReplyToken.upsert({
      where: { followerId: follower.id },
      create: { followerId: follower.id, brandId, replyToken: 'never-issued', receivedAt: new Date() },
      update: { replyToken: 'never-issued', receivedAt: new Date() },
    });
    await admin.post(url, { kind: 'TEXT', text: 'Refused token message' });
    const fallbacks = await until(
      async () => line.delivered.filter((d) => /Stale token|Refused token/.test(JSON.stringify(d.messages))),
      (list) => list.length === 2,
    );
    expect(fallbacks.map((d) => d.via)).toEqual(['push', 'push']);
    const refusedReply = line.requests.find(
      (r) => r.path === '/v2/bot/message/reply' && r.body.toString().includes('never-issued'),
    );
    expect(refusedReply).toBeDefined();
  });

  it('an unfollow marks the follower as unreachable on LINE: nothing more is sent', async () => {
    const { body, signature } = signedWebhook(secret, [event('unfollow', alice)]);
    expect((await post(webhook(), body, signature)).statusCode).toBe(200);
    const follower = await t.database.db.follower.findUniqueOrThrow({
      where: { brandId_lineUserId: { brandId, lineUserId: alice } },
    });
    expect(follower.optOutLine).toBe(true);
    const conversation = await t.database.db.conversation.findUniqueOrThrow({
      where: { brandId_followerId: { brandId, followerId: follower.id } },
    });
    const sentBefore = line.delivered.length;
    await admin.post(`/api/brands/${brandId}/conversations/${conversation.id}/messages`, {
      kind: 'TEXT',
      text: 'Are you still there?',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(line.delivered.length).toBe(sentBefore);
    // Following again makes her reachable again.
    const again = signedWebhook(secret, [event('follow', alice, { replyToken: line.issueReplyToken() })]);
    await post(webhook(), again.body, again.signature);
    expect((await t.database.db.follower.findUniqueOrThrow({ where: { id: follower.id } })).optOutLine).toBe(false);
  });
});

describe('LINE tenants and roles', () => {
  it('checks each brand’s webhook with its own secret, and hides the settings from other brands and non-admins', async () => {
    const rival = await createSecondBrand(t.database.db, 'rival-password');
    const rivalAdmin = await t.signedIn(rival.admin.email, 'rival-password');
    await rivalAdmin.request('PUT', `/api/brands/${rival.brand.id}/line`, {
      channelSecret: otherSecret,
      channelAccessToken: token,
    });
    // A body signed with brand A's secret sent to brand B's webhook is refused.
    const { body, signature } = signedWebhook(secret, [event('follow', bob)]);
    expect((await post(`/api/line/webhook/${rival.brand.id}`, body, signature)).statusCode).toBe(400);
    expect(await t.database.db.follower.count({ where: { lineUserId: bob } })).toBe(0);
    // A brand without LINE, or no brand at all: 404 before any body is read.
    expect((await post('/api/line/webhook/nosuchbrand', body, signature)).statusCode).toBe(404);
    expect((await rivalAdmin.get(`/api/brands/${brandId}/line`)).statusCode).toBe(404);
    expect(
      (
        await rivalAdmin.request('PUT', `/api/brands/${brandId}/line`, {
          channelSecret: otherSecret,
          channelAccessToken: token,
        })
      ).statusCode,
    ).toBe(404);
    const host = await t.signedIn(demoAccounts.host);
    expect((await host.get(`/api/brands/${brandId}/line`)).statusCode).toBe(403);
    expect((await t.client().get(`/api/brands/${brandId}/line`)).statusCode).toBe(401);
    const stored = await t.database.db.lineAccount.findUniqueOrThrow({ where: { brandId } });
    expect(stored.channelSecret).toBe(secret);
  });

  it('in production, refuses to enable a LINE account while the platform’s public address is http', async () => {
    const input = { channelSecret: secret, channelAccessToken: token, enabled: true };
    await expect(
      saveLineAccount(t.database.db, brandId, input, { mode: 'production', publicBaseUrl: 'http://shop.example' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      saveLineAccount(t.database.db, brandId, input, { mode: 'production', publicBaseUrl: 'https://shop.example' }),
    ).resolves.toMatchObject({ configured: true, enabled: true });
  });

  it('refuses malformed settings and webhook bodies with stable codes', async () => {
    const bad = await admin.request('PUT', `/api/brands/${brandId}/line`, {
      channelSecret: 'short',
      channelAccessToken: token,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    const notJson = 'this is not json';
    const signed = signedWebhook(secret, []);
    const response = await post(webhook(), notJson, signed.signature.replace(/./, 'x'));
    expect(response.json().error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    const { createHmac } = await import('node:crypto');
    const validButBroken = await post(
      webhook(),
      notJson,
      createHmac('sha256', secret).update(notJson).digest('base64'),
    );
    expect(validButBroken.statusCode).toBe(400);
    expect(validButBroken.json().error.code).toBe('BAD_JSON');
    const wrongShape = JSON.stringify({ events: [{ type: 'message', webhookEventId: 'x' }] });
    const shaped = await post(webhook(), wrongShape, createHmac('sha256', secret).update(wrongShape).digest('base64'));
    expect(shaped.statusCode).toBe(400);
    expect(shaped.json().error.code).toBe('VALIDATION_FAILED');
  });
});
