// Shortcut menus through the real routes on PostgreSQL: the image checks at save, the first matching segment by
// priority, taps that tag her (and a segment that asks for it), the calendar-following show area, tenants and roles,
// and the mirroring to a strict LINE stand-in (images, default, aliases, links in bulk of at most 500, re-linking).
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecondBrand } from '../../infra/test-support/second-brand';
import {
  demoAccounts,
  startTestApplication,
  type TestApplication,
  type TestClient,
} from '../../infra/test-support/test-application';
import { demoPassword } from '../seed/demo-seed';
import { startLineStandIn } from '../channels/testing/line-stand-in';

let t: TestApplication;
let line: Awaited<ReturnType<typeof startLineStandIn>>;
let admin: TestClient;
let viewer: TestClient;
let brandId: string;
let vipTag: string;
let vipSegment: string;
let viewerFollower: string;

const menusUrl = () => `/api/brands/${brandId}/menus`;
const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#2a2018' } })
    .png()
    .toBuffer();

async function upload(client: TestClient, bytes: Buffer, type = 'image/png') {
  const boundary = '----livecart-menu';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="m"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const response = await client.request('POST', `/api/brands/${brandId}/uploads`, body, {
    'content-type': `multipart/form-data; boundary=${boundary}`,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ key: string }>().key;
}

const until = async <T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 5000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

const grid = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  placement: 'DEFAULT',
  kind: 'GRID',
  chatBarText: 'Menu',
  columns: 3,
  areas: [
    { label: 'Next show', action: { type: 'show' } },
    { label: 'Bags', action: { type: 'category', category: 'bags' } },
    { label: 'Chat', action: { type: 'chat' } },
  ],
  ...extra,
});

let imageKey: string;
let tabMenu: string;
let vipMenu: string;
let defaultMenu: string;

beforeAll(async () => {
  line = await startLineStandIn();
  t = await startTestApplication({ lineApiBaseUrl: line.baseUrl });
  brandId = t.demo.brandId;
  admin = await t.signedIn(demoAccounts.admin);
  viewer = await t.signedIn(demoAccounts.viewer);
  const db = t.database.db;
  vipTag = (await db.tag.create({ data: { brandId, name: 'vip' } })).id;
  vipSegment = (await db.segment.create({ data: { brandId, name: 'VIP', filter: { tag: vipTag } } })).id;
  const viewerUser = await db.user.findUniqueOrThrow({ where: { email: demoAccounts.viewer } });
  viewerFollower = (await db.follower.create({ data: { brandId, userId: viewerUser.id, name: 'Vivian' } })).id;
  imageKey = await upload(admin, await png(2500, 843));
});
afterAll(async () => {
  await t?.close();
  await line?.close();
});

describe('saving menus', () => {
  it('checks the image: 2500x1686 or 2500x843, JPEG or PNG, at most 1 MB, and the height it says', async () => {
    const body = (key: string, height = 843) => ({
      ...grid('Image'),
      kind: 'IMAGE',
      placement: 'TAB',
      imageKey: key,
      height,
      areas: [{ label: 'Bags', bounds: { x: 0, y: 0, width: 1250, height: 843 }, action: { type: 'chat' } }],
    });
    const wrongSize = await admin.post(menusUrl(), body(await upload(admin, await png(2500, 1000))));
    expect(wrongSize.statusCode).toBe(400);
    expect(wrongSize.json().error.message).toMatch(/2500x1000/);
    const noise = await sharp(Buffer.from(Array.from({ length: 2500 * 843 * 3 }, () => Math.random() * 256)), {
      raw: { width: 2500, height: 843, channels: 3 },
    })
      .jpeg({ quality: 100 })
      .toBuffer();
    expect((await admin.post(menusUrl(), body(await upload(admin, noise, 'image/jpeg')))).statusCode).toBe(413);
    const webp = await sharp({ create: { width: 2500, height: 843, channels: 4, background: '#0000' } })
      .webp()
      .toBuffer();
    // The upload route stores WebP as PNG (it has transparency), which a menu accepts.
    expect((await admin.post(menusUrl(), body(await upload(admin, webp, 'image/webp')))).statusCode).toBe(201);
    expect((await admin.post(menusUrl(), body(imageKey, 1686))).statusCode).toBe(400);
    // Another brand's upload or a made-up key is not this brand's image.
    expect((await admin.post(menusUrl(), body('zzzz/abcdefghijklmnop.png'))).statusCode).toBe(400);
    const tab = await admin.post(menusUrl(), { ...body(imageKey), name: 'Tab: new in' });
    expect(tab.statusCode, tab.body).toBe(201);
    tabMenu = tab.json().id;
  });

  it('keeps one default and one order of segments', async () => {
    const created = await admin.post(menusUrl(), grid('Everyone'));
    expect(created.statusCode, created.body).toBe(201);
    defaultMenu = created.json().id;
    expect((await admin.post(menusUrl(), grid('Second default'))).statusCode).toBe(409);
    const vip = await admin.post(menusUrl(), {
      ...grid('VIP'),
      placement: 'SEGMENT',
      segmentId: vipSegment,
      priority: 10,
      areas: [
        { label: 'Private viewing', action: { type: 'appointment' } },
        { label: 'New in', action: { type: 'tab', menuId: tabMenu } },
      ],
    });
    expect(vip.statusCode, vip.body).toBe(201);
    vipMenu = vip.json().id;
    const samePriority = await admin.post(menusUrl(), {
      ...grid('Other'),
      placement: 'SEGMENT',
      segmentId: vipSegment,
      priority: 10,
    });
    expect(samePriority.statusCode).toBe(409);
    expect(samePriority.json().error.message).toMatch(/priority 10/);
    // A tab to a menu that is not the brand's, a deleted menu still switched to.
    const badTab = await admin.post(menusUrl(), {
      ...grid('Bad'),
      placement: 'TAB',
      areas: [{ label: 'x', action: { type: 'tab', menuId: 'nope' } }],
    });
    expect(badTab.statusCode).toBe(400);
    expect((await admin.delete(`${menusUrl()}/${tabMenu}`)).statusCode).toBe(409);
    const list = (await admin.get(menusUrl())).json<{ items: { name: string }[] }>().items.map((m) => m.name);
    expect(list).toEqual(['VIP', 'Everyone', 'Image', 'Tab: new in']);
  });
});

describe('the menu she sees', () => {
  const shown = async (client: TestClient) =>
    (await client.get(`/api/brands/${brandId}/menu`)).json<{
      id: string;
      areas: { label: string; href: string | null }[];
    } | null>();

  it('is the first segment menu that matches her, else the default, for visitors too', async () => {
    expect((await shown(t.client()))?.id).toBe(defaultMenu);
    expect((await shown(viewer))?.id).toBe(defaultMenu);
    await t.database.db.followerTag.create({ data: { followerId: viewerFollower, tagId: vipTag } });
    expect((await shown(viewer))?.id).toBe(vipMenu);
    // A menu with a higher priority (lower number) for the same customers wins.
    const first = await admin.post(menusUrl(), {
      ...grid('First'),
      placement: 'SEGMENT',
      segmentId: vipSegment,
      priority: 1,
    });
    expect((await shown(viewer))?.id).toBe(first.json().id);
    const preview = await admin.get(`${menusUrl()}/preview?followerId=${viewerFollower}`);
    expect(preview.json().id).toBe(first.json().id);
    expect((await admin.delete(`${menusUrl()}/${first.json().id}`)).statusCode).toBe(204);
    expect((await shown(viewer))?.id).toBe(vipMenu);
    const tab = (await viewer.get(`/api/brands/${brandId}/menu?menuId=${tabMenu}`)).json();
    expect(tab.imageUrl).toMatch(/^\/uploads\//);
    // A segment's menu is hers only: not shown to a visitor who asks for it by id.
    expect((await t.client().get(`/api/brands/${brandId}/menu?menuId=${vipMenu}`)).statusCode).toBe(404);
    expect((await viewer.get(`/api/brands/${brandId}/menu?menuId=${vipMenu}`)).json().id).toBe(vipMenu);
  });

  it('follows the show calendar: "Remind me" before the show, "Watch now" while it is live', async () => {
    const db = t.database.db;
    await db.show.updateMany({ where: { brandId }, data: { status: 'SCHEDULED' } });
    const before = await shown(t.client());
    expect(before?.areas[0]).toMatchObject({ label: 'Remind me', href: expect.stringMatching(/^\/shows\//) });
    await db.show.update({ where: { id: t.demo.showId }, data: { status: 'LIVE', startedAt: new Date() } });
    const live = await shown(t.client());
    expect(live?.areas[0]).toMatchObject({ label: 'Watch now', href: `/shows/${t.demo.showId}` });
    expect(live?.areas[1]?.href).toMatch(/\?category=bags#brand-products$/);
  });

  it('counts impressions and taps; a tap tags her "tapped <label>", which a segment can use', async () => {
    const db = t.database.db;
    await db.followerTag.deleteMany({ where: { followerId: viewerFollower } });
    expect((await viewer.post(`${menusUrl()}/${defaultMenu}/events`, { kind: 'impression' })).statusCode).toBe(204);
    expect((await viewer.post(`${menusUrl()}/${defaultMenu}/events`, { kind: 'tap', areaIndex: 1 })).statusCode).toBe(
      204,
    );
    expect((await viewer.post(`${menusUrl()}/${defaultMenu}/events`, { kind: 'tap', areaIndex: 7 })).statusCode).toBe(
      404,
    );
    // Visitors count too (no tag: she is nobody's follower).
    expect((await t.client().post(`${menusUrl()}/${defaultMenu}/events`, { kind: 'impression' })).statusCode).toBe(204);
    const tag = await db.tag.findUniqueOrThrow({ where: { brandId_name: { brandId, name: 'tapped bags' } } });
    const count = await admin.post(`/api/brands/${brandId}/segments/count`, { filter: { tag: tag.id } });
    expect(count.json()).toEqual({ count: 1 });
    const menu = (await admin.get(menusUrl())).json<{ items: { id: string; impressions: number; taps: number }[] }>();
    expect(menu.items.find((m) => m.id === defaultMenu)).toMatchObject({ impressions: 2, taps: 1 });
  });
});

describe('tenants and roles', () => {
  it("keeps menus to the brand's staff; only admins change them", async () => {
    const rival = await createSecondBrand(t.database.db, demoPassword);
    const rivalAdmin = await t.signedIn(rival.admin.email);
    expect((await rivalAdmin.get(menusUrl())).statusCode).toBe(404);
    expect((await rivalAdmin.post(menusUrl(), grid('Hijack', { placement: 'TAB' }))).statusCode).toBe(404);
    expect((await rivalAdmin.get(`${menusUrl()}/preview?followerId=${viewerFollower}`)).statusCode).toBe(404);
    expect((await rivalAdmin.delete(`${menusUrl()}/${vipMenu}`)).statusCode).toBe(404);
    // Her own brand cannot point at our segment or preview our follower.
    const rivalMenus = `/api/brands/${rival.brand.id}/menus`;
    expect(
      (await rivalAdmin.post(rivalMenus, { ...grid('Steal'), placement: 'SEGMENT', segmentId: vipSegment })).statusCode,
    ).toBe(400);
    expect((await rivalAdmin.get(`${rivalMenus}/preview?followerId=${viewerFollower}`)).statusCode).toBe(404);
    expect((await rivalAdmin.post(`${rivalMenus}/${vipMenu}/events`, { kind: 'impression' })).statusCode).toBe(404);
    const host = await t.signedIn(demoAccounts.host);
    expect((await host.get(menusUrl())).statusCode).toBe(200);
    expect((await host.post(menusUrl(), grid('Host', { placement: 'TAB' }))).statusCode).toBe(403);
    expect((await viewer.get(menusUrl())).statusCode).toBe(404);
    expect((await t.client().get(menusUrl())).statusCode).toBe(401);
  });
});

describe('LINE mirroring against the stand-in', () => {
  const lineUser = () => `U${randomBytes(16).toString('hex')}`;

  it('creates each menu with its image and alias, sets the default and links VIPs in bulk of at most 500', async () => {
    const db = t.database.db;
    expect((await admin.post(`${menusUrl()}/line-sync`, {})).statusCode).toBe(503);
    await admin.request('PUT', `/api/brands/${brandId}/line`, {
      channelSecret: '0123456789abcdef0123456789abcdef',
      channelAccessToken: 'channel-access-token-for-menus-0123456789',
    });
    // 1,200 LINE followers; 700 of them VIP.
    const users = Array.from({ length: 1200 }, lineUser);
    await db.follower.createMany({ data: users.map((lineUserId, i) => ({ brandId, lineUserId, name: `L${i}` })) });
    const followers = await db.follower.findMany({
      where: { brandId, lineUserId: { not: null } },
      orderBy: { name: 'asc' },
    });
    const vips = followers.slice(0, 700);
    await db.followerTag.createMany({ data: vips.map((f) => ({ followerId: f.id, tagId: vipTag })) });

    const synced = await admin.post(`${menusUrl()}/line-sync`, {});
    expect(synced.statusCode, synced.body).toBe(200);
    expect(synced.json()).toMatchObject({ menus: 4, linked: 700, unlinked: 0 });
    const state = line.richMenus;
    expect(state.menus.size).toBe(4);
    expect([...state.menus.values()].every((menu) => menu.image !== null)).toBe(true);
    const rows = await db.menu.findMany({ where: { brandId } });
    const rich = (id: string) => rows.find((row) => row.id === id)!.lineRichMenuId!;
    expect(state.defaultMenu).toBe(rich(defaultMenu));
    expect(state.aliases.get(rows.find((row) => row.id === tabMenu)!.alias)).toBe(rich(tabMenu));
    // The VIP menu's tab switches by alias; other areas link back here.
    const vipBody = state.menus.get(rich(vipMenu))!.body as { areas: { action: Record<string, string> }[] };
    expect(vipBody.areas[1]!.action).toMatchObject({ type: 'richmenuswitch' });
    expect(vipBody.areas[0]!.action.uri).toBe(`http://localhost:3000/api/menus/${vipMenu}/areas/0`);
    const links = line.requests.filter((r) => r.path === '/v2/bot/richmenu/bulk/link');
    expect(links.map((r) => JSON.parse(r.body.toString()).userIds.length)).toEqual([500, 200]);
    expect(vips.every((f) => state.links.get(f.lineUserId!) === rich(vipMenu))).toBe(true);
    expect(followers.slice(700).some((f) => state.links.has(f.lineUserId!))).toBe(false);

    // Segments change: 100 leave the VIPs, 50 join. Only they are re-linked, nothing is re-created.
    const before = line.requests.length;
    await db.followerTag.deleteMany({
      where: { tagId: vipTag, followerId: { in: vips.slice(0, 100).map((f) => f.id) } },
    });
    await db.followerTag.createMany({
      data: followers.slice(700, 750).map((f) => ({ followerId: f.id, tagId: vipTag })),
    });
    const again = await admin.post(`${menusUrl()}/line-sync`, {});
    expect(again.json()).toMatchObject({ menus: 0, linked: 50, unlinked: 100 });
    expect(line.requests.slice(before).map((r) => r.path)).toEqual([
      '/v2/bot/richmenu/bulk/link',
      '/v2/bot/richmenu/bulk/unlink',
    ]);
    expect(state.links.has(vips[0]!.lineUserId!)).toBe(false);
    expect(state.links.get(followers[700]!.lineUserId!)).toBe(rich(vipMenu));
  });

  it('re-creates an edited menu and moves its followers before deleting the old one', async () => {
    const db = t.database.db;
    const oldRich = (await db.menu.findUniqueOrThrow({ where: { id: vipMenu } })).lineRichMenuId!;
    const edited = await admin.request('PUT', `${menusUrl()}/${vipMenu}`, {
      ...grid('VIP'),
      placement: 'SEGMENT',
      segmentId: vipSegment,
      priority: 10,
      chatBarText: 'VIP menu',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await admin.post(`${menusUrl()}/line-sync`, {})).json()).toMatchObject({ menus: 1, linked: 650 });
    const newRich = (await db.menu.findUniqueOrThrow({ where: { id: vipMenu } })).lineRichMenuId!;
    expect(newRich).not.toBe(oldRich);
    expect(line.richMenus.menus.has(oldRich)).toBe(false);
    expect([...line.richMenus.links.values()].every((id) => id === newRich)).toBe(true);
  });

  it('re-links a LINE follower at once when a tap puts her in another segment', async () => {
    const db = t.database.db;
    const tapped = await db.tag.findUniqueOrThrow({ where: { brandId_name: { brandId, name: 'tapped bags' } } });
    const segment = await db.segment.create({ data: { brandId, name: 'Bag lovers', filter: { tag: tapped.id } } });
    const bagsMenu = await admin.post(menusUrl(), {
      ...grid('Bags'),
      placement: 'SEGMENT',
      segmentId: segment.id,
      priority: 0,
    });
    expect(bagsMenu.statusCode).toBe(201);
    await admin.post(`${menusUrl()}/line-sync`, {});
    const lineUserId = lineUser();
    await db.follower.update({ where: { id: viewerFollower }, data: { lineUserId } });
    await db.followerTag.deleteMany({ where: { followerId: viewerFollower } });
    await admin.post(`${menusUrl()}/line-sync`, {});
    expect(line.richMenus.links.has(lineUserId)).toBe(false);
    await viewer.post(`${menusUrl()}/${defaultMenu}/events`, { kind: 'tap', areaIndex: 1 });
    const rich = (await db.menu.findUniqueOrThrow({ where: { id: bagsMenu.json().id } })).lineRichMenuId;
    expect(
      await until(
        async () => line.richMenus.links.get(lineUserId),
        (id) => id === rich,
      ),
    ).toBe(rich);
    // The pass links her on LINE first and records the link after: the next tests start once it has finished.
    expect(
      await until(
        () => db.lineMenuLink.count({ where: { menuId: bagsMenu.json().id } }),
        (count) => count === 1,
      ),
    ).toBe(1);
  });

  it('takes a deleted menu off LINE: its alias, its rich menu and its links', async () => {
    const db = t.database.db;
    const bags = await db.menu.findFirstOrThrow({ where: { brandId, name: 'Bags' } });
    expect(line.richMenus.menus.has(bags.lineRichMenuId!)).toBe(true);
    expect(await db.lineMenuLink.count({ where: { menuId: bags.id } })).toBe(1);
    expect((await admin.delete(`${menusUrl()}/${bags.id}`)).statusCode).toBe(204);
    expect(line.richMenus.menus.has(bags.lineRichMenuId!)).toBe(false);
    expect(line.richMenus.aliases.has(bags.alias)).toBe(false);
    expect(await db.lineMenuLink.count({ where: { menuId: bags.id } })).toBe(0);
  });

  it('sends a LINE tap to where the area goes now, and counts it', async () => {
    const go = await t.client().get(`/api/menus/${defaultMenu}/areas/0`);
    expect(go.statusCode).toBe(302);
    expect(go.headers.location).toBe(`http://localhost:3000/shows/${t.demo.showId}`);
    expect(await t.database.db.menuEvent.count({ where: { menuId: defaultMenu, channel: 'line', kind: 'TAP' } })).toBe(
      1,
    );
    expect((await t.client().get(`/api/menus/${defaultMenu}/areas/9`)).statusCode).toBe(404);
  });

  it('mirrors one pass at a time per brand across processes: a pass waits while another process holds the brand', async () => {
    const db = t.database.db;
    const before = line.requests.length;
    let answered = false;
    // Another server process mirroring this brand: it holds the brand's lock in its transaction.
    await db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(${`line-menus:${brandId}`}))) AS held`;
        const pass = admin.request('PUT', `${menusUrl()}/${defaultMenu}`, grid('Everyone, edited')).then(async () => {
          const synced = await admin.post(`${menusUrl()}/line-sync`, {});
          answered = true;
          return synced;
        });
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(answered).toBe(false);
        expect(line.requests.length).toBe(before);
        void pass.catch(() => {});
      },
      { timeout: 10_000 },
    );
    // Released: the waiting pass runs and re-creates the edited default.
    const synced = await until(
      async () => line.requests.slice(before).map((r) => r.path),
      (paths) => paths.some((p) => p.startsWith('/v2/bot/user/all/richmenu/')),
    );
    expect(synced).toContain('/v2/bot/richmenu');
    const rich = (await db.menu.findUniqueOrThrow({ where: { id: defaultMenu } })).lineRichMenuId;
    expect(
      await until(
        async () => line.richMenus.defaultMenu,
        (id) => id === rich,
      ),
    ).toBe(rich);
  });

  it('clears LINE’s default when the default menu is deleted', async () => {
    const rich = (await t.database.db.menu.findUniqueOrThrow({ where: { id: defaultMenu } })).lineRichMenuId!;
    expect(line.richMenus.defaultMenu).toBe(rich);
    expect((await admin.delete(`${menusUrl()}/${defaultMenu}`)).statusCode).toBe(204);
    expect(line.richMenus.defaultMenu).toBeNull();
    expect(line.richMenus.menus.has(rich)).toBe(false);
    expect(line.requests.at(-3)).toMatchObject({ method: 'DELETE', path: '/v2/bot/user/all/richmenu' });
  });
});
