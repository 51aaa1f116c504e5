// Personal offers through the real routes: sent to the customers whose tags match, applied by checkout on the
// server only, and refused with stable codes when forged, not hers, expired or used up, also under races.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommerceFixture, type CommerceFixture } from '../commerce/testing/commerce-fixture';

let f: CommerceFixture;
let buyers: Awaited<ReturnType<CommerceFixture['buyers']>>;
let vipTag: string;
const price = 50_000;

beforeAll(async () => {
  f = await createCommerceFixture();
  const db = f.database.db;
  await db.product.update({ where: { id: f.productId }, data: { stock: 1000, priceMinor: price, category: 'Bags' } });
  buyers = await f.buyers(40);
  vipTag = (await db.tag.create({ data: { brandId: f.brandId, name: 'vip' } })).id;
  for (const [i, buyer] of buyers.entries()) {
    const follower = await db.follower.create({
      data: { brandId: f.brandId, userId: buyer.userId, email: buyer.email, name: `Buyer ${i}` },
    });
    // Every buyer but the last is a VIP.
    if (i < buyers.length - 1) await db.followerTag.create({ data: { followerId: follower.id, tagId: vipTag } });
  }
});
afterAll(async () => f?.close());

const reserve = (headers: Record<string, string>, body: Record<string, unknown>) =>
  f.request<{ orderId: string; error?: { code: string } }>(
    'POST',
    `/api/shows/${f.showId}/products/${f.showProductId}/reservations`,
    headers,
    { quantity: 1, ...body },
  );
const codeOf = (answer: { status: number; body: { error?: { code: string } } }) =>
  answer.status === 201 ? 'OK' : answer.body.error?.code;

async function makeOffer(body: Record<string, unknown>) {
  const created = await f.request<{ id: string; error?: unknown }>('POST', `/api/brands/${f.brandId}/offers`, f.admin, {
    title: 'For our VIPs',
    kind: 'PERCENT',
    percentOff: 20,
    category: 'bags',
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    audience: { tag: vipTag },
    ...body,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const sent = await f.request<{ recipients: number }>(
    'POST',
    `/api/brands/${f.brandId}/offers/${created.body.id}/send`,
    f.admin,
    {},
  );
  expect(sent.status).toBe(200);
  return { id: created.body.id, recipients: sent.body.recipients };
}

describe('personal offers at checkout', () => {
  it('goes to the customers whose tags match, into their inbox, and prices her order on the server', async () => {
    const offer = await makeOffer({ code: 'vip-20', perCustomerLimit: 1, totalLimit: 100 });
    expect(offer.recipients).toBe(39);
    const inbox = await f.request<{ items: { message: { balloons: { text?: string }[] } }[] }>(
      'GET',
      '/api/me/inbox',
      buyers[0]!.headers,
    );
    expect(inbox.body.items[0]?.message.balloons[0]?.text).toContain('Your code: VIP-20');
    const mine = await f.request<{ items: { code: string; usesLeft: number }[] }>(
      'GET',
      '/api/me/offers',
      buyers[0]!.headers,
    );
    expect(mine.body.items).toEqual([expect.objectContaining({ code: 'VIP-20', usesLeft: 1 })]);
    expect((await f.request<{ items: unknown[] }>('GET', '/api/me/offers', buyers[39]!.headers)).body.items).toEqual(
      [],
    );

    // A price in the body is ignored (the schema strips it): the total is the offer's.
    const order = await reserve(buyers[0]!.headers, { offerCode: 'Vip-20', priceMinor: 1, totalMinor: 1 });
    expect(order.status).toBe(201);
    const row = await f.database.db.order.findUniqueOrThrow({
      where: { id: order.body.orderId },
      include: { items: true },
    });
    expect(row.totalMinor).toBe(40_000);
    expect(row.items[0]?.unitPriceMinor).toBe(40_000);
    // Used once: refused the second time; a cancelled order gives the use back.
    expect(codeOf(await reserve(buyers[0]!.headers, { offerCode: 'VIP-20' }))).toBe('OFFER_USED_UP');
    expect((await f.request('POST', `/api/orders/${order.body.orderId}/cancel`, buyers[0]!.headers, {})).status).toBe(
      200,
    );
    expect(codeOf(await reserve(buyers[0]!.headers, { offerCode: 'VIP-20' }))).toBe('OK');
  });

  it('refuses a forged code, someone else’s offer, an expired one and another category, with stable codes and nothing held', async () => {
    await makeOffer({ code: 'SHOES-10', percentOff: 10, category: 'Shoes' });
    const expired = await makeOffer({ code: 'LATE-15', percentOff: 15 });
    await f.database.db.offer.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const stockBefore = (await f.database.db.product.findUniqueOrThrow({ where: { id: f.productId } })).stock;
    const answers = [
      await reserve(buyers[1]!.headers, { offerCode: 'VIP-21' }),
      await reserve(buyers[39]!.headers, { offerCode: 'VIP-20' }),
      await reserve(buyers[1]!.headers, { offerCode: 'LATE-15' }),
      await reserve(buyers[1]!.headers, { offerCode: 'SHOES-10' }),
      await reserve(buyers[1]!.headers, { offerCode: "x' OR 1=1 --" }),
    ];
    expect(answers.map(codeOf)).toEqual([
      'OFFER_NOT_FOUND',
      'OFFER_NOT_YOURS',
      'OFFER_EXPIRED',
      'OFFER_NOT_APPLICABLE',
      'VALIDATION_FAILED',
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([404, 403, 410, 422, 400]);
    expect((await f.database.db.product.findUniqueOrThrow({ where: { id: f.productId } })).stock).toBe(stockBefore);
    // Another brand cannot read or send this brand's offers.
    const otherBrand = await f.database.db.brand.create({ data: { name: 'Other', slug: `other-${Date.now()}` } });
    expect(
      (await f.request('POST', `/api/brands/${otherBrand.id}/offers/${expired.id}/send`, f.admin, {})).status,
    ).toBe(404);
  });

  it('cannot be used more than its limits allow when customers race for it', async () => {
    // 12 at once, not more: each checkout is an interactive transaction that waits at most 2 s for one of the test
    // database's 5 connections while the product's row lock serializes them (on a loaded machine 30 timed out).
    await makeOffer({ code: 'FIRST-FIVE', percentOff: 30, perCustomerLimit: 1, totalLimit: 5 });
    const all = await Promise.all(
      buyers.slice(2, 14).map((buyer) => reserve(buyer.headers, { offerCode: 'FIRST-FIVE' })),
    );
    expect(all.filter((answer) => answer.status === 201)).toHaveLength(5);
    expect(new Set(all.filter((answer) => answer.status !== 201).map(codeOf))).toEqual(new Set(['OFFER_USED_UP']));
    await makeOffer({ code: 'TWICE-ONLY', percentOff: 5, perCustomerLimit: 2 });
    const one = await Promise.all(
      Array.from({ length: 6 }, () => reserve(buyers[35]!.headers, { offerCode: 'TWICE-ONLY' })),
    );
    expect(one.filter((answer) => answer.status === 201)).toHaveLength(2);
    const offers = await f.database.db.offer.findMany({ where: { code: { in: ['FIRST-FIVE', 'TWICE-ONLY'] } } });
    expect(offers.map((offer) => offer.used).sort()).toEqual([2, 5]);
    expect(
      await f.database.db.offerRedemption.count({ where: { offerId: { in: offers.map((offer) => offer.id) } } }),
    ).toBe(7);
  });
});
