// Issue 11, defect 3: a viewer registered http://127.0.0.1:<port>/<path> as a push endpoint and the server POSTed
// to it. Every user-given URL class is refused when it is registered, and again when a push is sent (a row stored
// before this check, or a name whose DNS answer changed since), with the checked address pinned for the connection.
import { createECDH, randomBytes } from 'node:crypto';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoAccounts,
  startTestApplication,
  type TestApplication,
  type TestClient,
} from '../../infra/test-support/test-application';
import type { OutgoingDelivery } from './channel-port';
import { EndpointRefused, postToPublicEndpoint, resolvePublicEndpoint } from './public-endpoint';
import { createPushChannel } from './push-channel';
import { startHttpStandIn } from './testing/http-stand-in';
import { createTrackingLinks } from './tracking-links';

let t: TestApplication;
let viewer: TestClient;
let service: Awaited<ReturnType<typeof startHttpStandIn>>;
let port: number;
beforeAll(async () => {
  t = await startTestApplication();
  viewer = await t.signedIn(demoAccounts.viewer);
  expect((await viewer.post(`/api/brands/${t.demo.brandId}/follow`)).statusCode).toBe(200);
  service = await startHttpStandIn(() => ({ status: 201 }));
  port = Number(new URL(service.baseUrl).port);
});
afterAll(async () => {
  await service?.close();
  await t?.close();
});

const keys = () => {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
};

// Every class of URL that leads back inside: the stand-in listens on 127.0.0.1:port.
const insideUrls = () => [
  `${service.baseUrl}/push`,
  `http://localhost:${port}/push`,
  `https://127.0.0.1:${port}/push`,
  `https://localhost:${port}/push`,
  `https://[::1]:${port}/push`,
  `https://[::ffff:127.0.0.1]:${port}/push`,
  `https://2130706433:${port}/push`,
  `https://0x7f.0.0.1:${port}/push`,
  'https://10.0.0.5/push',
  'https://172.20.1.1/push',
  'https://192.168.0.10/push',
  'https://169.254.169.254/latest/meta-data/',
  'https://100.64.1.1/push',
  'https://[fd00::5]/push',
  'https://[fe80::1]/push',
  'https://224.0.0.251/push',
];

describe('push endpoints are public https URLs', () => {
  it('refuses every inside URL at registration with VALIDATION_FAILED and stores nothing', async () => {
    for (const endpoint of insideUrls()) {
      const response = await viewer.post('/api/me/push-subscriptions', { endpoint, keys: keys() });
      expect(response.statusCode, endpoint).toBe(400);
      expect(response.json().error.code, endpoint).toBe('VALIDATION_FAILED');
      expect(response.json().error.fields.endpoint, endpoint).toBeDefined();
    }
    expect(await t.database.db.pushSubscription.count()).toBe(0);
    expect(service.requests).toHaveLength(0);
  });

  it('accepts an https endpoint on a public address', async () => {
    const response = await viewer.post('/api/me/push-subscriptions', {
      endpoint: 'https://93.184.216.34/push/abc',
      keys: keys(),
    });
    expect(response.statusCode).toBe(200);
    expect(await t.database.db.pushSubscription.count()).toBe(1);
    await t.database.db.pushSubscription.deleteMany();
  });

  it('refuses every inside URL again at send time, never calls it, and forgets the subscription', async () => {
    const follower = await t.database.db.follower.findFirstOrThrow({ where: { userId: { not: null } } });
    for (const endpoint of insideUrls())
      await t.database.db.pushSubscription.create({ data: { followerId: follower.id, endpoint, ...keys() } });
    const vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:ops@acme.test' };
    const push = createPushChannel(t.database.db, vapid, createTrackingLinks('http://shop.test', 'secret'));
    const delivery: OutgoingDelivery = {
      id: 'd1',
      announcementId: 'a1',
      showId: 's1',
      attempts: 1,
      follower: { id: follower.id, name: 'Vera', email: null, lineUserId: null, userId: follower.userId },
      message: { title: 'Live', showUrl: 'http://shop.test/shows/s1', balloons: [{ type: 'text', text: 'Hi' }] },
    };
    const [outcome] = await push.send([delivery]);
    expect(outcome).toMatchObject({ id: 'd1', status: 'SKIPPED' });
    expect(service.requests).toHaveLength(0);
    expect(await t.database.db.pushSubscription.count({ where: { followerId: follower.id } })).toBe(0);
  });

  it('refuses a name whose DNS answer turned private after registration (rebinding)', async () => {
    const answers = [['93.184.216.34'], ['127.0.0.1']];
    const resolve = async () => answers.shift() ?? ['127.0.0.1'];
    await expect(resolvePublicEndpoint(`https://push.rebind.test:${port}/push`, { resolve })).resolves.toBeDefined();
    await expect(
      postToPublicEndpoint(`https://push.rebind.test:${port}/push`, { headers: {}, timeoutMs: 2000 }, { resolve }),
    ).rejects.toBeInstanceOf(EndpointRefused);
    expect(service.requests).toHaveLength(0);
  });

  it('connects to the address it checked, without asking DNS again', async () => {
    // Loopback is allowed here only so that the stand-in can answer; the name exists in no DNS but this resolver.
    let lookups = 0;
    const resolve = async () => {
      lookups += 1;
      return lookups === 1 ? ['127.0.0.1'] : ['10.9.9.9'];
    };
    const answer = await postToPublicEndpoint(
      `http://push.pinned.test:${port}/pinned`,
      { headers: { 'content-type': 'text/plain' }, body: Buffer.from('x'), timeoutMs: 5000 },
      { resolve, allowLoopbackForTests: true },
    );
    expect(answer).toEqual({ status: 201, ok: true });
    expect(lookups).toBe(1);
    expect(service.requests.map((request) => request.path)).toEqual(['/pinned']);
  });
});
