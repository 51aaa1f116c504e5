import { createECDH, randomBytes } from 'node:crypto';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
import type { OutgoingDelivery } from './channel-port';
import { createSmtpMail } from '../mail/smtp-mail';
import { createEmailChannel } from './email-channel';
import { createLineChannel } from './line-channel';
import { createPushChannel } from './push-channel';
import { startHttpStandIn } from './testing/http-stand-in';
import { startSmtpSink } from './testing/smtp-sink';
import { createTrackingLinks } from './tracking-links';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.drop());

const links = createTrackingLinks('http://shop.test', 'secret');

function delivery(
  id: string,
  follower: Partial<OutgoingDelivery['follower']> & { id: string },
  text = 'Hello <b>there</b>',
): OutgoingDelivery {
  return {
    id,
    announcementId: 'a1',
    showId: 's1',
    attempts: 1,
    follower: { name: 'Ada', email: null, lineUserId: null, userId: null, ...follower },
    message: { title: 'Acme: Live', showUrl: 'http://shop.test/shows/s1', balloons: [{ type: 'text', text }] },
  };
}

describe('email over SMTP', () => {
  it('sends through a real SMTP server with a stable Message-ID, and fails for good on a 5xx', async () => {
    const smtp = await startSmtpSink({ rejectRecipient: (to) => to.startsWith('gone@') });
    const email = createEmailChannel(createSmtpMail(smtp.url, 'Acme <shop@acme.test>'), links);
    const outcomes = await email.send([
      delivery('d1', { id: 'f1', email: 'ada@example.test' }),
      delivery('d2', { id: 'f2', email: 'gone@example.test' }),
      delivery('d3', { id: 'f3', email: null }),
    ]);
    await email.close?.();
    await smtp.close();
    expect(outcomes.find((o) => o.id === 'd1')).toMatchObject({ status: 'SENT' });
    expect(outcomes.find((o) => o.id === 'd2')).toMatchObject({ status: 'FAILED', permanent: true });
    expect(outcomes.find((o) => o.id === 'd3')).toMatchObject({ status: 'SKIPPED' });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]?.raw).toMatch(/Message-ID: <d1@livecart\.local>/i);
    expect(smtp.messages[0]?.raw).toContain('Hello &lt;b&gt;there&lt;/b&gt;');
  });
});

describe('email at scale', () => {
  it('sends many messages over a small pool of SMTP connections', async () => {
    const smtp = await startSmtpSink();
    const email = createEmailChannel(createSmtpMail(smtp.url, 'Acme <shop@acme.test>'), links, {
      perDomainPerSecond: 1000,
    });
    const batch = Array.from({ length: 60 }, (_, i) =>
      delivery(`e${i}`, { id: `f${i}`, email: `p${i}@${i % 2 ? 'a' : 'b'}.example` }),
    );
    const outcomes = await email.send(batch);
    await email.close?.();
    await smtp.close();
    expect(outcomes.filter((o) => o.status === 'SENT')).toHaveLength(60);
    expect(smtp.messages).toHaveLength(60);
    expect(smtp.connectionsOpened).toBeLessThanOrEqual(5); // the pool's maxConnections
  });
});

describe('Web Push with VAPID', () => {
  it('posts an encrypted, VAPID-signed message with a topic, and forgets a subscription the service says is gone', async () => {
    const brand = await database.db.brand.create({ data: { name: 'B', slug: `b-${Date.now()}` } });
    const follower = await database.db.follower.create({ data: { brandId: brand.id, name: 'Ada' } });
    const service = await startHttpStandIn((request) => ({ status: request.path.includes('gone') ? 410 : 201 }));
    const keys = () => {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
    };
    await database.db.pushSubscription.create({
      data: { followerId: follower.id, endpoint: `${service.baseUrl}/push/live`, ...keys() },
    });
    await database.db.pushSubscription.create({
      data: { followerId: follower.id, endpoint: `${service.baseUrl}/push/gone`, ...keys() },
    });
    const vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:ops@acme.test' };
    const push = createPushChannel(database.db, vapid, links, { endpoints: { allowLoopbackForTests: true } });
    const outcomes = await push.send([delivery('d9', { id: follower.id })]);
    await service.close();
    expect(outcomes).toEqual([{ id: 'd9', status: 'SENT', delivered: true }]);
    const live = service.requests.find((request) => request.path === '/push/live');
    expect(live?.headers['content-encoding']).toBe('aes128gcm');
    expect(String(live?.headers.authorization)).toMatch(
      new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${vapid.publicKey}$`),
    );
    expect(live?.headers.topic).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(live?.body.toString()).not.toContain('Hello'); // the payload is encrypted
    expect(await database.db.pushSubscription.count({ where: { followerId: follower.id } })).toBe(1);
  });
});

describe('Web Push in parallel', () => {
  it('keeps at most `inFlight` requests open at the push service', async () => {
    const brand = await database.db.brand.create({ data: { name: 'P', slug: `p-${Date.now()}` } });
    const service = await startHttpStandIn(
      () => new Promise((resolve) => setTimeout(() => resolve({ status: 201 }), 20)),
    );
    const batch = [];
    for (let i = 0; i < 24; i++) {
      const follower = await database.db.follower.create({ data: { brandId: brand.id, name: `F${i}` } });
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      await database.db.pushSubscription.create({
        data: {
          followerId: follower.id,
          endpoint: `${service.baseUrl}/push/${i}`,
          p256dh: ecdh.getPublicKey().toString('base64url'),
          auth: randomBytes(16).toString('base64url'),
        },
      });
      batch.push(delivery(`w${i}`, { id: follower.id }));
    }
    const push = createPushChannel(
      database.db,
      { ...webpush.generateVAPIDKeys(), subject: 'mailto:ops@acme.test' },
      links,
      { inFlight: 4, endpoints: { allowLoopbackForTests: true } },
    );
    const outcomes = await push.send(batch);
    await service.close();
    expect(outcomes.filter((o) => o.status === 'SENT')).toHaveLength(24);
    expect(service.requests).toHaveLength(24);
    expect(service.maxInFlight).toBeGreaterThan(1);
    expect(service.maxInFlight).toBeLessThanOrEqual(4);
  });
});

describe('LINE Messaging API', () => {
  it('pushes personalized messages one by one with tracked links, multicasts identical ones in batches of at most 500', async () => {
    const line = await startHttpStandIn(() => ({ status: 200 }));
    const port = createLineChannel(links, {
      channelAccessToken: 'token-0123456789abcdefghij',
      apiBaseUrl: line.baseUrl,
    });
    const same = Array.from({ length: 620 }, (_, i) =>
      delivery(`m${i}`, { id: `f${i}`, lineUserId: `U${i}` }, 'Same for all'),
    );
    const personal = [delivery('p1', { id: 'g1', lineUserId: 'Ux' }, 'Hi Ada')];
    personal[0]!.message.balloons.push({ type: 'button', label: 'Shop', url: 'http://shop.test/x' });
    const outcomes = await port.send([...same, ...personal, delivery('n1', { id: 'g2' })]);
    await line.close();
    expect(outcomes.filter((o) => o.status === 'SENT')).toHaveLength(621);
    expect(outcomes.find((o) => o.id === 'n1')).toMatchObject({ status: 'SKIPPED' });
    const multicasts = line.requests
      .filter((r) => r.path === '/v2/bot/message/multicast')
      .map((r) => JSON.parse(r.body.toString()) as { to: string[] });
    expect(multicasts.map((body) => body.to.length).sort((a, b) => b - a)).toEqual([500, 120]);
    const pushes = line.requests.filter((r) => r.path === '/v2/bot/message/push');
    expect(pushes).toHaveLength(1);
    const body = JSON.parse(pushes[0]!.body.toString()) as {
      to: string;
      messages: { template?: { actions: { uri: string }[] } }[];
    };
    expect(body.to).toBe('Ux');
    expect(body.messages[1]?.template?.actions[0]?.uri).toMatch(/^http:\/\/shop\.test\/api\/t\/c\/p1\/1\?s=/);
    const keys = line.requests.map((r) => r.headers['x-line-retry-key']);
    expect(new Set(keys).size).toBe(3);
  });
});
