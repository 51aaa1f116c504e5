// Normal-price stock on the public show view (GET /api/public/shows/:showId): exact only when few are left, sold
// out when none, and it follows reservations and cancels (the web re-reads this view after them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommerceFixture, type CommerceFixture } from '../commerce/testing/commerce-fixture';

let f: CommerceFixture;
let buyer: Record<string, string>;

beforeAll(async () => {
  f = await createCommerceFixture();
  buyer = (await f.buyers(1))[0]!.headers;
});
afterAll(async () => f?.close());

async function attach(title: string, stock: number): Promise<string> {
  const product = await f.database.db.product.create({ data: { brandId: f.brandId, title, priceMinor: 2500, stock } });
  const attached = await f.request<{ id: string }>(
    'POST',
    `/api/brands/${f.brandId}/shows/${f.showId}/products`,
    f.admin,
    { productId: product.id },
  );
  expect(attached.status).toBe(201);
  return attached.body.id;
}

async function publicProduct(showProductId: string) {
  const response = await f.request<{ products: Array<{ showProductId: string; stock: unknown }> }>(
    'GET',
    `/api/public/shows/${f.showId}`,
    {},
  );
  expect(response.status).toBe(200);
  return response.body.products.find((product) => product.showProductId === showProductId)!;
}

const reserve = (showProductId: string) =>
  f.request<{ orderId: string; error?: { code: string } }>(
    'POST',
    `/api/shows/${f.showId}/products/${showProductId}/reservations`,
    buyer,
    { quantity: 1 },
  );

describe('public product stock', () => {
  it('hides a large count, shows a low one exactly, and never sends the raw stock', async () => {
    const plenty = await attach('Plenty Scarf', 240);
    const large = await publicProduct(plenty);
    expect(large.stock).toEqual({ status: 'in_stock', left: null });
    expect(JSON.stringify(large)).not.toContain('240');
    expect((await publicProduct(await attach('Eleven Socks', 11))).stock).toEqual({ status: 'in_stock', left: null });
    expect((await publicProduct(await attach('Ten Left Belt', 10))).stock).toEqual({ status: 'low', left: 10 });
    expect((await publicProduct(await attach('Last Few Gloves', 3))).stock).toEqual({ status: 'low', left: 3 });
    expect((await publicProduct(await attach('Gone Hat', 0))).stock).toEqual({ status: 'sold_out', left: 0 });
  });

  it('follows reservations down to sold out, refuses another, and a cancel puts the unit back', async () => {
    const lamp = await attach('Two Lamps', 2);
    expect((await reserve(lamp)).status).toBe(201);
    expect((await publicProduct(lamp)).stock).toEqual({ status: 'low', left: 1 });
    const second = await reserve(lamp);
    expect(second.status).toBe(201);
    expect((await publicProduct(lamp)).stock).toEqual({ status: 'sold_out', left: 0 });
    const refused = await reserve(lamp);
    expect(refused.body.error?.code).toBe('SOLD_OUT');
    expect((await f.request('POST', `/api/orders/${second.body.orderId}/cancel`, buyer, {})).status).toBe(200);
    expect((await publicProduct(lamp)).stock).toEqual({ status: 'low', left: 1 });
  });
});
