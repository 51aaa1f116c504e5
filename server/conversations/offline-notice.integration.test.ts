// Issue 13, item 4: a customer who is not on the site hears about a reply through the channels she allows (email,
// Web Push, LINE; in-app is the bell's count), at most once per conversation per few minutes. Real PostgreSQL, the
// mail outbox, a Web Push service stand-in and the strict LINE stand-in.
import { createECDH, randomBytes } from 'node:crypto';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoAccounts,
  startTestApplication,
  type TestApplication,
  type TestClient,
} from '../../infra/test-support/test-application';
import { startHttpStandIn } from '../channels/testing/http-stand-in';
import { startLineStandIn } from '../channels/testing/line-stand-in';
import { saveLineAccount } from '../line/line-account-service';
import type { ConversationSummary } from './conversation-schemas';

const lineUserId = 'U0000000000000000000000000000c0de';
let t: TestApplication;
let line: Awaited<ReturnType<typeof startLineStandIn>>;
let push: Awaited<ReturnType<typeof startHttpStandIn>>;
let customer: TestClient;
let advisor: TestClient;
let conversationId: string;
let followerId: string;
let customerEmail: string;

const waitFor = async (check: () => Promise<boolean> | boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};
const mails = () => t.database.db.mailOutbox.count({ where: { to: customerEmail, subject: { contains: 'replied' } } });
const reply = async (text: string) => {
  const sent = await advisor.post(`/api/brands/${t.demo.brandId}/conversations/${conversationId}/messages`, {
    kind: 'TEXT',
    text,
  });
  expect(sent.statusCode).toBe(201);
};

beforeAll(async () => {
  line = await startLineStandIn();
  push = await startHttpStandIn(() => ({ status: 201 }));
  const vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:ops@acme.test' };
  t = await startTestApplication({
    lineApiBaseUrl: line.baseUrl,
    announcements: { vapid, pushEndpoints: { allowLoopbackForTests: true } },
  });
  const { db } = t.database;
  await saveLineAccount(
    db,
    t.demo.brandId,
    {
      channelSecret: '0123456789abcdef0123456789abcdef',
      channelAccessToken: 'channel-access-token-for-tests-0123456789',
      enabled: true,
    },
    { mode: 'embedded', publicBaseUrl: 'http://localhost:3000' },
  );
  customer = await t.signedIn(demoAccounts.viewer);
  advisor = await t.signedIn(demoAccounts.advisor);
  const user = await db.user.findUniqueOrThrow({ where: { email: demoAccounts.viewer } });
  customerEmail = user.email;
  // She follows the brand on the site, with a push subscription, and has linked her LINE account.
  const follower = await db.follower.upsert({
    where: { brandId_userId: { brandId: t.demo.brandId, userId: user.id } },
    create: { brandId: t.demo.brandId, userId: user.id, name: user.name, lineUserId },
    update: { lineUserId, optOutEmail: false, optOutPush: false, optOutLine: false },
  });
  followerId = follower.id;
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  await db.pushSubscription.create({
    data: {
      followerId,
      endpoint: `${push.baseUrl}/push/her-phone`,
      p256dh: ecdh.getPublicKey().toString('base64url'),
      auth: randomBytes(16).toString('base64url'),
    },
  });
  const started = await customer.post('/api/me/conversations', { brandId: t.demo.brandId, text: 'Is it in blue?' });
  conversationId = (started.json() as { conversation: ConversationSummary }).conversation.id;
});
afterAll(async () => {
  await t?.close();
  await line?.close();
  await push?.close();
});

describe('offline notices', () => {
  it('reach her by email, Web Push and LINE once, not again for the next reply within minutes', async () => {
    await reply('Yes, in navy blue.');
    await waitFor(async () => (await mails()) === 1 && push.requests.length === 1 && line.delivered.length === 1);
    expect(push.requests[0]!.path).toBe('/push/her-phone');
    expect(push.requests[0]!.headers['content-encoding']).toBe('aes128gcm');
    expect(line.delivered[0]).toMatchObject({ via: 'push', to: lineUserId });
    expect(String(line.delivered[0]!.messages[0]!.text)).toContain(`/me/chats/${conversationId}`);

    await reply('Shall I hold one for you?');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await mails()).toBe(1);
    expect(push.requests).toHaveLength(1);
    expect(line.delivered).toHaveLength(1);
  });

  it('keeps to the channels she allows', async () => {
    const { db } = t.database;
    await db.follower.update({ where: { id: followerId }, data: { optOutEmail: true, optOutLine: true } });
    // Minutes later: the last notice is old enough for a new one.
    await db.conversation.update({
      where: { id: conversationId },
      data: { customerNotifiedAt: new Date(Date.now() - 60 * 60_000) },
    });
    await reply('It is on hold until Friday.');
    await waitFor(() => push.requests.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await mails()).toBe(1);
    expect(line.delivered).toHaveLength(1);
  });
});
