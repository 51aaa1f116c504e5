import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoAccounts,
  startTestApplication,
  type TestApplication,
  type TestClient,
} from '../../infra/test-support/test-application';
import { createInAppChannel } from '../channels/inapp-channel';
import { createTrackingLinks } from '../channels/tracking-links';
import { createDiskFileStorage } from '../storage/disk-file-storage';
import { DeliveryWorker } from './delivery-worker';
import { deriveLinkSecret } from './announcements-module';

let t: TestApplication;
let folder: string;
beforeAll(async () => {
  t = await startTestApplication();
  folder = await mkdtemp(path.join(tmpdir(), 'livecart-api-'));
});
afterAll(async () => {
  await t?.close();
  await rm(folder, { recursive: true, force: true });
});

async function upload(client: TestClient, brandId: string): Promise<string> {
  const png = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#3355aa' } })
    .png()
    .toBuffer();
  const boundary = '----livecart-test-boundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const response = await client.request('POST', `/api/brands/${brandId}/uploads`, body, {
    'content-type': `multipart/form-data; boundary=${boundary}`,
  });
  expect(response.statusCode).toBe(201);
  return response.json().key as string;
}

const hostileName = '<script>alert(1)</script> Ada';

describe('announcements through the HTTP API', () => {
  it('follow → segment → step with personalized balloons → preview → delivery → inbox → product click makes an interest', async () => {
    const brandId = t.demo.brandId;
    const admin = await t.signedIn(demoAccounts.admin);

    // A viewer with a hostile name follows the brand from the show page.
    const viewer = await t.signedUp({ email: 'fan@example.test', password: 'correct horse', name: hostileName });
    expect((await viewer.get(`/api/brands/${brandId}/follow`)).json()).toEqual({ following: false, preferences: null });
    expect((await viewer.post(`/api/brands/${brandId}/follow`)).json()).toMatchObject({ following: true });
    expect((await viewer.post(`/api/brands/${brandId}/follow`)).json()).toMatchObject({ following: true });

    // The brand finds the follower by search, tags them, writes a note.
    const list = (await admin.get(`/api/brands/${brandId}/followers?q=fan%40example`)).json();
    expect(list.items).toHaveLength(1);
    const followerId = list.items[0].id as string;
    const tag = (await admin.post(`/api/brands/${brandId}/tags`, { name: 'VIP' })).json();
    expect(tag.name).toBe('vip');
    expect(
      (
        await admin.post(`/api/brands/${brandId}/followers/tags`, {
          followerIds: [followerId],
          tagIds: [tag.id],
          action: 'add',
        })
      ).json(),
    ).toEqual({ changed: 1 });
    expect(
      (
        await admin.request('PATCH', `/api/brands/${brandId}/followers/${followerId}/note`, { note: 'Bought twice' })
      ).json().note,
    ).toBe('Bought twice');

    // A segment: VIP and not yet interested in bags. Live count before saving.
    const filter = { and: [{ tag: tag.id }] };
    expect((await admin.post(`/api/brands/${brandId}/segments/count`, { filter })).json()).toEqual({ count: 1 });
    const segment = (await admin.post(`/api/brands/${brandId}/segments`, { name: 'VIPs', filter })).json();

    const product = await t.database.db.product.findFirstOrThrow({ where: { brandId, category: 'bags' } });
    const imageKey = await upload(admin, brandId);
    const balloons = [
      { type: 'text', text: 'Hi {{name | default: "there"}}, {{show_title}} starts soon' },
      { type: 'image', imageKey, alt: 'For you', overlay: { text: 'For {{first_name}}' } },
      { type: 'product', productId: product.id },
    ];
    const bad = await admin.post(`/api/brands/${brandId}/shows/${t.demo.showId}/announcements`, {
      trigger: 'BEFORE_START',
      offsetMinutes: 60,
      segmentId: segment.id,
      balloons: [{ type: 'text', text: 'Hi {{nmae}}' }],
    });
    expect(bad.statusCode).toBe(400);
    const tooMany = await admin.post(`/api/brands/${brandId}/shows/${t.demo.showId}/announcements`, {
      trigger: 'LIVE_NOW',
      segmentId: null,
      balloons: [...balloons, balloons[0]],
    });
    expect(tooMany.statusCode).toBe(400);
    const created = await admin.post(`/api/brands/${brandId}/shows/${t.demo.showId}/announcements`, {
      trigger: 'BEFORE_START',
      offsetMinutes: 60 * 24 * 365,
      segmentId: segment.id,
      balloons,
    });
    expect(created.statusCode).toBe(400); // more than 30 days before
    const step = (
      await admin.post(`/api/brands/${brandId}/shows/${t.demo.showId}/announcements`, {
        trigger: 'BEFORE_START',
        offsetMinutes: 60 * 24 * 30,
        segmentId: segment.id,
        balloons,
      })
    ).json();
    expect(step.status).toBe('PENDING');

    // Preview as the follower: tokens filled, text left as text; the personalized image renders.
    const preview = (
      await admin.get(`/api/brands/${brandId}/announcements/${step.id}/preview?followerId=${followerId}`)
    ).json();
    expect(preview.balloons[0].text).toBe(`Hi ${hostileName}, Autumn Drop: live try-on starts soon`);
    expect(preview.balloons[2]).toMatchObject({ type: 'product', category: 'bags', title: product.title });
    const previewImage = await admin.get(
      new URL(preview.balloons[1].url).pathname + new URL(preview.balloons[1].url).search,
    );
    expect(previewImage.statusCode).toBe(200);
    expect(previewImage.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(previewImage.rawPayload).metadata()).width).toBe(320);

    // The worker sends it (the step is due: the show is less than 30 days away).
    const worker = DeliveryWorker.create({
      db: t.database.db,
      render: {
        storage: createDiskFileStorage(folder),
        publicBaseUrl: 'http://localhost:3000',
        linkSecret: deriveLinkSecret('test-session-secret-that-is-long-enough-0123'),
      },
      channels: [createInAppChannel(null)],
      log: () => {},
    });
    expect((await worker.wake()).sent).toBe(1);
    await worker.close();

    // The inbox has it, as plain text: the name is data, not markup.
    expect((await viewer.get('/api/me/inbox/unread-count')).json()).toEqual({ count: 1 });
    const inbox = (await viewer.get('/api/me/inbox')).json();
    expect(inbox.items).toHaveLength(1);
    const item = inbox.items[0];
    expect(item.message.balloons[0].text).toBe(`Hi ${hostileName}, Autumn Drop: live try-on starts soon`);
    expect(JSON.stringify(item)).not.toMatch(/&lt;|<b>|innerHTML/);

    // The personalized image of the delivery is served on its signed URL only.
    const imageUrl = new URL(item.message.balloons[1].url);
    expect((await viewer.get(imageUrl.pathname + imageUrl.search)).headers['content-type']).toBe('image/jpeg');
    expect((await viewer.get(`/api/announcements/images/${crypto.randomUUID()}/1`)).statusCode).toBe(404);

    // Another user cannot read or click it.
    const stranger = await t.signedIn(demoAccounts.viewer);
    expect((await stranger.post(`/api/me/inbox/${item.id}/click`, { balloonIndex: 2 })).statusCode).toBe(404);

    // Reading and clicking the product card: opened, clicked, and the follower now likes bags.
    expect((await viewer.post(`/api/me/inbox/${item.id}/read`)).statusCode).toBe(204);
    const clicked = await viewer.post(`/api/me/inbox/${item.id}/click`, { balloonIndex: 2 });
    expect(viewer.cookies.get('lc_ref')).toBe(`${item.id}.2`); // show analytics: the visit that follows is attributed
    const click = clicked.json();
    expect(click.url).toBe(`http://localhost:3000/shows/${t.demo.showId}?product=${product.id}`);
    const follower = (await admin.get(`/api/brands/${brandId}/followers/${followerId}`)).json();
    expect(follower.tags).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'bags', kind: 'INTEREST' })]),
    );
    const bags = follower.tags.find((entry: { name: string }) => entry.name === 'bags');
    expect(
      (
        await admin.post(`/api/brands/${brandId}/segments/count`, {
          filter: { and: [{ tag: tag.id }, { tag: bags.id }] },
        })
      ).json(),
    ).toEqual({ count: 1 });

    const report = (await admin.get(`/api/brands/${brandId}/announcements/${step.id}/report`)).json();
    expect(report.status).toBe('SENT');
    expect(report.totals).toMatchObject({ sent: 1, delivered: 1, opened: 1, clicked: 1, failed: 0 });
    expect(report.balloons).toEqual([{ index: 2, clicked: 1, uniqueClickers: 1 }]);

    // Links from outside the app (an email of the same step): signed open pixel, click redirect, one-click unsubscribe.
    const email = await t.database.db.announcementDelivery.create({
      data: {
        announcementId: step.id,
        followerId,
        channel: 'EMAIL',
        status: 'SENT',
        rendered: item.message,
        sentAt: new Date(),
      },
    });
    const links = createTrackingLinks(
      'http://localhost:3000',
      deriveLinkSecret('test-session-secret-that-is-long-enough-0123'),
    );
    const local = (url: string) => url.replace('http://localhost:3000', '');
    const pixel = await t.client().get(local(links.open(email.id)));
    expect(pixel.headers['content-type']).toBe('image/gif');
    expect(
      (await t.database.db.announcementDelivery.findUniqueOrThrow({ where: { id: email.id } })).openedAt,
    ).not.toBeNull();
    const redirect = await t.client().get(local(links.click(email.id, 2)));
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe(`http://localhost:3000/shows/${t.demo.showId}?product=${product.id}`);
    expect(redirect.headers['set-cookie']).toMatch(
      new RegExp(`^lc_ref=${email.id}\\.2; Path=/; Max-Age=604800; HttpOnly; SameSite=Lax`),
    );
    expect((await t.client().get(local(links.click(email.id, 99)))).headers.location).toBe(
      `http://localhost:3000/shows/${t.demo.showId}`,
    );
    expect(
      (await t.client().get(local(links.click(email.id, 2)).replace(/s=[^&]+/, 's=AAAAAAAAAAAAAAAAAAAAAA'))).statusCode,
    ).toBe(404);
    expect((await t.client().get(local(links.click(email.id, 1)).replace('/1?', '/2?'))).statusCode).toBe(404);
    const unsubscribe = await t.app.http.inject({
      method: 'POST',
      url: local(links.unsubscribe(email.id)),
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(unsubscribe.statusCode).toBe(204);
    expect((await t.database.db.follower.findUniqueOrThrow({ where: { id: followerId } })).optOutEmail).toBe(true);

    // Sent steps cannot be edited any more; staff of another role cannot create steps.
    expect(
      (
        await admin.request('PATCH', `/api/brands/${brandId}/announcements/${step.id}`, {
          trigger: 'LIVE_NOW',
          segmentId: null,
          balloons,
        })
      ).statusCode,
    ).toBe(409);
    const moderator = await t.signedIn(demoAccounts.moderator);
    expect(
      (
        await moderator.post(`/api/brands/${brandId}/shows/${t.demo.showId}/announcements`, {
          trigger: 'LIVE_NOW',
          segmentId: null,
          balloons,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('imports a CSV over HTTP with NDJSON progress and a final report', async () => {
    const admin = await t.signedIn(demoAccounts.admin);
    const body = 'email,name\nnew@example.test,New\nbad-email,Bad\n';
    const response = await admin.request('POST', `/api/brands/${t.demo.brandId}/followers/import`, body, {
      'content-type': 'text/csv',
    });
    expect(response.statusCode).toBe(200);
    const lines = response.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.at(-1)).toMatchObject({ type: 'done', rows: 2, created: 1, failed: 1, errors: [{ line: 3 }] });
    const viewer = await t.signedIn(demoAccounts.viewer);
    expect(
      (
        await viewer.request('POST', `/api/brands/${t.demo.brandId}/followers/import`, body, {
          'content-type': 'text/csv',
        })
      ).statusCode,
    ).toBe(404);
  });
});
