// Analytics against a real server, PostgreSQL and real socket clients: what viewers and buyers do is recorded once,
// the per-minute roll-ups equal the raw events, announcement attribution follows an anonymous viewer who signs in,
// and one brand never sees another's figures.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecondBrand } from '../../infra/test-support/second-brand';
import type { AckResult } from '../realtime/contract';
import { createCommerceFixture, sessionHeaders, type CommerceFixture } from '../commerce/testing/commerce-fixture';
import { recorderFor } from './analytics-recorder';
import { rollUp, sweepRawEvents } from './analytics-rollup';
import type { AttributionReport, InterestCounts, ShowReport } from './analytics-schemas';

describe('show analytics', () => {
  let f: CommerceFixture;
  let baseUrl: string;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    f = await createCommerceFixture();
    await f.app.http.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(f.app.http.server.address() as AddressInfo).port}`;
    await f.database.db.product.update({ where: { id: f.productId }, data: { category: 'Bags', stock: 50 } });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await f?.close();
  });

  const connect = async (options: { cookie?: string; anonId?: string } = {}) => {
    const socket = io(baseUrl, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: options.cookie ? { cookie: options.cookie } : {},
      auth: options.anonId ? { anonId: options.anonId } : {},
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  };
  const send = async (socket: Socket, event: string, payload: unknown) => {
    const result = (await socket.emitWithAck(event, payload)) as AckResult<unknown>;
    expect(result).toMatchObject({ ok: true });
    return result;
  };
  const recorder = () => recorderFor(f.database.db)!;
  const buy = async (headers: Record<string, string>) => {
    const held = await f.request<{ orderId: string }>(
      'POST',
      `/api/shows/${f.showId}/products/${f.showProductId}/reservations`,
      headers,
      { quantity: 1 },
    );
    expect(held.status).toBe(201);
    const checkout = await f.request<{ paymentIntentId: string }>(
      'POST',
      `/api/orders/${held.body.orderId}/checkout`,
      headers,
      {},
    );
    expect(checkout.status).toBe(200);
    const paid = await f.request('POST', '/api/payments/test/confirm', headers, {
      paymentIntentId: checkout.body.paymentIntentId,
      cardNumber: '4242 4242 4242 4242',
    });
    expect(paid.status).toBe(200);
    return held.body.orderId;
  };
  /** The report as computed after this call started (the route serves a report up to a second old). */
  const freshReport = async () => {
    const asked = Date.now();
    for (;;) {
      const response = await f.request<ShowReport>('GET', `/api/brands/${f.brandId}/shows/${f.showId}/report`, f.admin);
      expect(response.status).toBe(200);
      if (Date.parse(response.body.generatedAt) >= asked) return response.body;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const settle = async () => {
    await recorder().flush();
    await rollUp(f.database.db);
  };

  it('records each event once, and the roll-ups and the report equal the raw events', async () => {
    const [buyer, other] = await f.buyers(2);
    await f.database.db.follower.create({ data: { brandId: f.brandId, userId: buyer!.userId, name: 'Buyer Zero' } });
    const anonymous = await connect({ anonId: `anon${randomBytes(6).toString('hex')}` });
    const signedIn = await connect({ cookie: buyer!.headers.cookie });
    const second = await connect({ cookie: other!.headers.cookie });
    for (const socket of [anonymous, signedIn, second]) await send(socket, 'show:join', { showId: f.showId });
    await send(signedIn, 'chat:send', { text: 'love the tote' });
    await send(anonymous, 'reaction:send', { kind: 'heart' });
    await send(second, 'reaction:send', { kind: 'fire' });
    await send(anonymous, 'analytics:track', { kind: 'card_seen', productId: f.productId });
    await send(signedIn, 'analytics:track', { kind: 'card_tapped', productId: f.productId });
    // a product id that is not in this show is stored but never counted in the report
    await send(second, 'analytics:track', { kind: 'card_tapped', productId: 'notourproduct' });
    // bad input gets a stable code, not a crash
    expect(await signedIn.emitWithAck('analytics:track', { kind: 'card_tapped', productId: 'x\u0000' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    await buy(buyer!.headers);
    await send(anonymous, 'show:leave', {});
    await settle();

    const db = f.database.db;
    const raw = await db.analyticsEvent.groupBy({
      by: ['kind'],
      where: { showId: f.showId },
      _count: { _all: true },
      _sum: { amountMinor: true },
    });
    const rawCount = (kind: string) => raw.find((row) => row.kind === kind)?._count._all ?? 0;
    expect(rawCount('viewer_joined')).toBe(3);
    expect(rawCount('viewer_left')).toBe(1);
    expect(rawCount('chat_message')).toBe(1);
    expect(rawCount('reaction')).toBe(2);
    expect(rawCount('card_seen')).toBe(1);
    expect(rawCount('card_tapped')).toBe(2);
    expect(rawCount('hold_placed')).toBe(1);
    expect(rawCount('checkout_started')).toBe(1);
    expect(rawCount('order_paid')).toBe(1);

    // roll-ups: the same counts and sums per kind, product and sale as the raw rows they came from
    const rolled = await db.analyticsMinute.groupBy({
      by: ['kind'],
      where: { showId: f.showId, kind: { not: '_present' } },
      _sum: { count: true, amountMinor: true, units: true },
    });
    const rawByKind = await db.analyticsEvent.groupBy({
      by: ['kind'],
      where: { showId: f.showId },
      _count: { _all: true },
      _sum: { amountMinor: true, units: true },
    });
    expect(
      Object.fromEntries(rolled.map((r) => [r.kind, [r._sum.count, Number(r._sum.amountMinor), r._sum.units]])),
    ).toEqual(Object.fromEntries(rawByKind.map((r) => [r.kind, [r._count._all, r._sum.amountMinor, r._sum.units]])));
    expect(recorder().lost).toBe(0);

    const report = { body: await freshReport() };
    expect(report.body.viewers.unique).toBe(3);
    expect(report.body.funnel).toMatchObject({ viewers: 3, seen: 1, taps: 1, holds: 1, checkouts: 1, paid: 1 });
    expect(report.body.products[0]).toMatchObject({
      productId: f.productId,
      units: 1,
      revenueMinor: 5000,
      taps: 1,
      paid: 1,
    });
    expect(report.body.liveSales).toEqual({ orders: 1, units: 1, revenueMinor: 5000 });
    expect(report.body.replaySales.orders).toBe(0);
    const minutes = report.body.minutes;
    expect(minutes.reduce((sum, m) => sum + m.chat, 0)).toBe(1);
    expect(minutes.reduce((sum, m) => sum + m.reactions, 0)).toBe(2);
    expect(Math.max(...minutes.map((m) => m.concurrent))).toBeGreaterThanOrEqual(3);

    // interest tags learned from the follower's tap and purchase, as segment-ready counts
    const interests = await f.request<InterestCounts>('GET', `/api/brands/${f.brandId}/analytics/interests`, f.admin);
    expect(interests.body.interests).toEqual([expect.objectContaining({ name: 'bags', followers: 1 })]);
    expect(interests.body.followers).toEqual([expect.objectContaining({ name: 'Buyer Zero', interests: ['bags'] })]);

    // events after the last roll-up are in the live report at once, and counted once after the next roll-up
    await send(second, 'chat:send', { text: 'me too' });
    await recorder().flush();
    const chatIn = async () => (await freshReport()).minutes.reduce((sum, m) => sum + m.chat, 0);
    expect(await chatIn()).toBe(2);
    await rollUp(db);
    expect(await chatIn()).toBe(2);
  });

  it('keeps an announcement click with an anonymous viewer who signs in and buys', async () => {
    const db = f.database.db;
    const [buyer] = await f.buyers(1);
    const follower = await db.follower.create({ data: { brandId: f.brandId, name: 'From the mail' } });
    const step = await db.announcement.create({ data: { brandId: f.brandId, showId: f.showId, balloons: [] } });
    const deliveryId = `d${randomBytes(12).toString('hex')}`;
    await db.announcementDelivery.create({
      data: { id: deliveryId, announcementId: step.id, followerId: follower.id, channel: 'EMAIL', personal: [] },
    });
    await db.deliveryEvent.create({ data: { deliveryId, kind: 'CLICKED', balloonIndex: 1 } });
    const anonId = `anon${randomBytes(6).toString('hex')}`;

    // the click's redirect left the cookie; the browser opens the show anonymously, then signs in and buys
    const anonymous = await connect({ anonId, cookie: `lc_ref=${deliveryId}.1` });
    await send(anonymous, 'show:join', { showId: f.showId });
    anonymous.close();
    const signedIn = await connect({ anonId, cookie: buyer!.headers.cookie });
    await send(signedIn, 'show:join', { showId: f.showId });
    await buy(buyer!.headers);
    await settle();

    const report = await f.request<AttributionReport>(
      'GET',
      `/api/brands/${f.brandId}/shows/${f.showId}/report/attribution?windowHours=2`,
      f.admin,
    );
    expect(report.status).toBe(200);
    const row = report.body.steps.find((s) => s.announcementId === step.id);
    expect(row).toMatchObject({ clicks: 1, visits: 1, orders: 1, revenueMinor: 5000 });
    expect(row?.balloons).toEqual([{ balloonIndex: 1, clicks: 1, visits: 1, orders: 1, revenueMinor: 5000 }]);
    expect(report.body.segments).toEqual([{ segment: null, clicks: 1, visits: 1, orders: 1, revenueMinor: 5000 }]);
    // outside the window nothing is attributed
    await db.analyticsViewer.updateMany({
      where: { showId: f.showId, sourceDelivery: deliveryId },
      data: { firstAt: new Date(Date.now() - 3 * 3600_000) },
    });
    const late = await f.request<AttributionReport>(
      'GET',
      `/api/brands/${f.brandId}/shows/${f.showId}/report/attribution?windowHours=1`,
      f.admin,
    );
    expect(late.body.steps.find((s) => s.announcementId === step.id)).toMatchObject({
      visits: 1,
      orders: 0,
      revenueMinor: 0,
    });
    expect(
      (await f.request('GET', `/api/brands/${f.brandId}/shows/${f.showId}/report/attribution?windowHours=0`, f.admin))
        .status,
    ).toBe(400);
  });

  it('shows a brand only its own shows and audience', async () => {
    const rival = await createSecondBrand(f.database.db, 'x');
    const rivalAdmin = await sessionHeaders(f.database, rival.admin.id);
    expect((await f.request('GET', `/api/brands/${rival.brand.id}/shows/${f.showId}/report`, rivalAdmin)).status).toBe(
      404,
    );
    expect((await f.request('GET', `/api/brands/${f.brandId}/shows/${f.showId}/report`, rivalAdmin)).status).toBe(404);
    expect(
      (await f.request('GET', `/api/brands/${rival.brand.id}/shows/${f.showId}/report/attribution`, rivalAdmin)).status,
    ).toBe(404);
    expect((await f.request('GET', `/api/brands/${f.brandId}/shows/${rival.show.id}/report`, f.admin)).status).toBe(
      404,
    );
    const theirs = await f.request<InterestCounts>(
      'GET',
      `/api/brands/${rival.brand.id}/analytics/interests`,
      rivalAdmin,
    );
    expect(theirs.body).toEqual({ interests: [], followers: [] });
    expect((await f.request('GET', `/api/brands/${f.brandId}/shows/${f.showId}/report`, {})).status).toBe(401);
  });

  it('lets only an admin set the report time zone, and only to a real one', async () => {
    const db = f.database.db;
    const patch = (headers: Record<string, string>, body: unknown) =>
      f.app.http.inject({
        method: 'PATCH',
        url: `/api/brands/${f.brandId}/analytics/settings`,
        headers: { ...headers, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    const hostUser = await db.user.create({
      data: { email: `host-${randomBytes(4).toString('hex')}@test.local`, name: 'Host', passwordHash: 'x' },
    });
    await db.membership.create({ data: { userId: hostUser.id, brandId: f.brandId, role: 'HOST' } });
    expect((await patch(await sessionHeaders(f.database, hostUser.id), { timeZone: 'Asia/Tokyo' })).statusCode).toBe(
      403,
    );
    const bad = await patch(f.admin, { timeZone: 'Mars/Olympus' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect((await patch(f.admin, { timeZone: 'Asia/Tokyo', extra: 1 })).statusCode).toBe(400);
    const saved = await patch(f.admin, { timeZone: 'Asia/Tokyo' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ timeZone: 'Asia/Tokyo' });
    expect(await db.analyticsBrandSettings.findUnique({ where: { brandId: f.brandId } })).toMatchObject({
      timeZone: 'Asia/Tokyo',
    });
  });

  it('keeps raw events for the configured time only; roll-ups stay', async () => {
    const db = f.database.db;
    const before = await db.analyticsMinute.count({ where: { showId: f.showId } });
    expect(await sweepRawEvents(db, 30)).toBe(0);
    const swept = await sweepRawEvents(db, 1, new Date(Date.now() + 2 * 86_400_000));
    expect(swept).toBeGreaterThan(0);
    expect(await db.analyticsEvent.count({ where: { showId: f.showId } })).toBe(0);
    expect(await db.analyticsMinute.count({ where: { showId: f.showId } })).toBe(before);
    expect((await freshReport()).funnel.paid).toBe(2);
  });
});
