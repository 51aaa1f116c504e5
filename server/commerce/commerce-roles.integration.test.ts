// Who may do what on a brand's commerce routes, through the real routes and sessions (server/accounts/staff-access.ts):
// ADMIN and HOST run sales and read orders, a MODERATOR only watches sales, refunds are ADMIN's, a signed-in person
// without a role and another brand's staff get 404 (requireStaff: brand ids and their sales/orders cannot be probed).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../prisma/generated/client';
import { createCommerceFixture, sessionHeaders, type CommerceFixture } from './testing/commerce-fixture';

type Headers = Record<string, string>;
type Answer = { status: number; body: { error?: { code: string } } & Record<string, unknown> };

describe('brand commerce routes by role', () => {
  let f: CommerceFixture;
  let host: Headers;
  let otherHost: Headers;
  let moderator: Headers;
  let viewer: Headers;
  let outsider: Headers; // ADMIN of another brand
  let other: { brandId: string; showId: string; showProductId: string };
  let paidOrderId: string;

  const person = async (role?: StaffRole, brandId?: string) => {
    const user = await f.database.db.user.create({
      data: {
        email: `${role ?? 'viewer'}-${randomBytes(4).toString('hex')}@test.local`,
        name: role ?? 'Viewer',
        passwordHash: 'x',
      },
    });
    if (role) await f.database.db.membership.create({ data: { userId: user.id, brandId: brandId ?? f.brandId, role } });
    return { userId: user.id, headers: await sessionHeaders(f.database, user.id) };
  };

  beforeAll(async () => {
    f = await createCommerceFixture();
    const db = f.database.db;
    const assignedHost = await person('HOST');
    await db.show.update({ where: { id: f.showId }, data: { hostId: assignedHost.userId } });
    host = assignedHost.headers;
    otherHost = (await person('HOST')).headers;
    moderator = (await person('MODERATOR')).headers;
    viewer = (await person()).headers;

    const brand = await db.brand.create({
      data: { name: 'Other Brand', slug: `other-${randomBytes(4).toString('hex')}` },
    });
    outsider = (await person('ADMIN', brand.id)).headers;
    const product = await db.product.create({
      data: { brandId: brand.id, title: 'Other tote', priceMinor: 4000, stock: 5 },
    });
    const show = await db.show.create({
      data: {
        brandId: brand.id,
        title: 'Other show',
        scheduledStartAt: new Date(),
        status: 'LIVE',
        streamKeyHash: randomBytes(16).toString('hex'),
      },
    });
    const showProduct = await db.showProduct.create({ data: { showId: show.id, productId: product.id } });
    other = { brandId: brand.id, showId: show.id, showProductId: showProduct.id };

    // one paid order of this brand, to list and refund
    const [buyer] = await f.buyers(1);
    const held = await f.request<{ orderId: string }>(
      'POST',
      `/api/shows/${f.showId}/products/${f.showProductId}/reservations`,
      buyer!.headers,
      { quantity: 1 },
    );
    const checkout = await f.request<{ paymentIntentId: string }>(
      'POST',
      `/api/orders/${held.body.orderId}/checkout`,
      buyer!.headers,
      {},
    );
    const paid = await f.request<{ status: string }>('POST', '/api/payments/test/confirm', buyer!.headers, {
      paymentIntentId: checkout.body.paymentIntentId,
      cardNumber: '4242 4242 4242 4242',
    });
    expect(paid.body.status).toBe('PAID');
    paidOrderId = held.body.orderId;
  });
  afterAll(async () => {
    await f?.close();
  });

  const call = (method: 'GET' | 'POST', url: string, headers: Headers, body?: unknown) =>
    f.request<Answer['body']>(method, url, headers, method === 'POST' ? (body ?? {}) : undefined) as Promise<Answer>;
  const saleInput = (showProductId = f.showProductId) => ({
    showProductId,
    priceMinor: 2500,
    quantity: 5,
    durationSeconds: 120,
    perBuyerLimit: 1,
  });
  const salesUrl = (brandId = f.brandId, showId = f.showId) => `/api/brands/${brandId}/shows/${showId}/sales`;
  const startSale = (headers: Headers) => call('POST', salesUrl(), headers, saleInput());
  const endSale = (headers: Headers, saleId: string, brandId = f.brandId, showId = f.showId) =>
    call('POST', `${salesUrl(brandId, showId)}/${saleId}/end`, headers);
  const ordersUrl = (brandId = f.brandId) => `/api/brands/${brandId}/orders`;
  const refund = (headers: Headers, brandId = f.brandId) =>
    call('POST', `${ordersUrl(brandId)}/${paidOrderId}/refund`, headers, { restock: false });
  const codeOf = (answer: Answer) => [answer.status, answer.body.error?.code];
  const saleStatus = async (saleId: string) =>
    (await f.database.db.flashSale.findUniqueOrThrow({ where: { id: saleId } })).status;
  const orderStatus = async () => (await f.database.db.order.findUniqueOrThrow({ where: { id: paidOrderId } })).status;

  it('a HOST starts and ends sales on the brand’s show, reads its sales and orders, but cannot refund', async () => {
    const started = await startSale(host);
    expect(started.status).toBe(201);
    const saleId = started.body.saleId as string;
    expect((await call('GET', salesUrl(), host)).status).toBe(200);
    expect(codeOf(await endSale(host, saleId))).toEqual([200, undefined]);
    expect(await saleStatus(saleId)).toBe('ENDED');
    const orders = await call('GET', ordersUrl(), host);
    expect(orders.status).toBe(200);
    expect((orders.body.items as { id: string }[]).map((order) => order.id)).toContain(paidOrderId);
    expect(codeOf(await refund(host))).toEqual([403, 'FORBIDDEN']);
    expect(await orderStatus()).toBe('PAID');
  });

  it('the HOST role is brand-wide: a HOST who is not the show’s assigned host runs its sales too (as the console’s sale panel and pins allow)', async () => {
    const started = await startSale(otherHost);
    expect(started.status).toBe(201);
    expect(codeOf(await endSale(otherHost, started.body.saleId as string))).toEqual([200, undefined]);
  });

  it('a MODERATOR watches the sales but cannot start or end one, read orders, or refund', async () => {
    expect(codeOf(await startSale(moderator))).toEqual([403, 'FORBIDDEN']);
    const running = await startSale(f.admin);
    const saleId = running.body.saleId as string;
    expect((await call('GET', salesUrl(), moderator)).status).toBe(200);
    expect(codeOf(await endSale(moderator, saleId))).toEqual([403, 'FORBIDDEN']);
    expect(await saleStatus(saleId)).toBe('ACTIVE');
    expect(codeOf(await call('GET', ordersUrl(), moderator))).toEqual([403, 'FORBIDDEN']);
    expect(codeOf(await refund(moderator))).toEqual([403, 'FORBIDDEN']);
    expect(await orderStatus()).toBe('PAID');
    await endSale(f.admin, saleId);
  });

  it('a signed-in viewer without a role gets 404 for the brand’s order list, sales and refunds; nobody signed in gets 401', async () => {
    expect(codeOf(await call('GET', ordersUrl(), viewer))).toEqual([404, 'NOT_FOUND']);
    expect(codeOf(await call('GET', salesUrl(), viewer))).toEqual([404, 'NOT_FOUND']);
    expect(codeOf(await startSale(viewer))).toEqual([404, 'NOT_FOUND']);
    expect(codeOf(await refund(viewer))).toEqual([404, 'NOT_FOUND']);
    expect(codeOf(await call('GET', ordersUrl(), {}))).toEqual([401, 'UNAUTHENTICATED']);
    expect(await orderStatus()).toBe('PAID');
  });

  it('another brand’s admin gets 404 for this brand’s sales and orders, by this brand’s path or through their own', async () => {
    const running = await startSale(f.admin);
    const saleId = running.body.saleId as string;
    // this brand's path: requireStaff answers as if the brand did not exist
    expect(codeOf(await call('GET', ordersUrl(), outsider))).toEqual([404, 'NOT_FOUND']);
    expect(codeOf(await call('GET', salesUrl(), outsider))).toEqual([404, 'NOT_FOUND']);
    expect(codeOf(await startSale(outsider))).toEqual([404, 'NOT_FOUND']);
    expect(codeOf(await endSale(outsider, saleId))).toEqual([404, 'NOT_FOUND']);
    expect(codeOf(await refund(outsider))).toEqual([404, 'NOT_FOUND']);
    // their own brand's path with this brand's ids: the services scope every id to the brand in the path
    expect(codeOf(await call('GET', salesUrl(other.brandId, f.showId), outsider))).toEqual([404, 'NOT_FOUND']);
    expect(
      codeOf(await call('POST', salesUrl(other.brandId, other.showId), outsider, saleInput(f.showProductId))),
    ).toEqual([404, 'NOT_FOUND']);
    expect(codeOf(await endSale(outsider, saleId, other.brandId, other.showId))).toEqual([404, 'NOT_FOUND']);
    expect(codeOf(await endSale(outsider, saleId, other.brandId, f.showId))).toEqual([404, 'NOT_FOUND']);
    expect(codeOf(await refund(outsider, other.brandId))).toEqual([404, 'NOT_FOUND']);
    const theirOrders = await call('GET', `${ordersUrl(other.brandId)}?q=${paidOrderId}`, outsider);
    expect(theirOrders.status).toBe(200);
    expect(theirOrders.body.items).toEqual([]);
    expect(await saleStatus(saleId)).toBe('ACTIVE');
    expect(await orderStatus()).toBe('PAID');
    // and their own brand works for them
    const theirs = await call('POST', salesUrl(other.brandId, other.showId), outsider, saleInput(other.showProductId));
    expect(theirs.status).toBe(201);
    await endSale(outsider, theirs.body.saleId as string, other.brandId, other.showId);
    await endSale(f.admin, saleId);
  });

  it('refunds need ADMIN: the brand’s admin refunds the paid order', async () => {
    const refunded = await refund(f.admin);
    expect(refunded.status).toBe(200);
    expect(refunded.body.status).toBe('REFUNDED');
    expect(await orderStatus()).toBe('REFUNDED');
  });
});
