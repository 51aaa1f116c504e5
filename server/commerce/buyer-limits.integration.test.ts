// Limits at the buying edge, through the real routes on real PostgreSQL: per-buyer request rate on the buying and
// checkout routes (server/http/rate-limits.ts) and the per-buyer cap on normal-price holds (reserve-product.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productHoldLimitPerBuyer } from './reserve-product';
import { createCommerceFixture, type CommerceFixture } from './testing/commerce-fixture';

describe('buyer limits', () => {
  let f: CommerceFixture;
  beforeAll(async () => {
    f = await createCommerceFixture();
    await f.database.db.product.update({ where: { id: f.productId }, data: { stock: 100 } });
  });
  afterAll(async () => {
    await f?.close();
  });

  const reserveProduct = (headers: Record<string, string>, quantity = 1) =>
    f.request<{ orderId: string; error?: { code: string; message: string } }>(
      'POST',
      `/api/shows/${f.showId}/products/${f.showProductId}/reservations`,
      headers,
      { quantity },
    );
  const stock = async () => (await f.database.db.product.findUniqueOrThrow({ where: { id: f.productId } })).stock;
  const heldBy = async (buyerId: string) =>
    (
      await f.database.db.reservation.aggregate({
        where: { buyerId, productId: f.productId, flashSaleId: null, status: 'HELD' },
        _sum: { quantity: true },
      })
    )._sum.quantity ?? 0;

  describe('request rate on the buying and checkout routes', () => {
    it('answers 429 RATE_LIMITED to one buyer over the limit on each route, keyed by the user: another buyer on the same address goes on', async () => {
      const [flooder, other] = (await f.buyers(2)).map((buyer) => buyer.headers) as [
        Record<string, string>,
        Record<string, string>,
      ];
      const sale = await f.request<{ saleId: string }>(
        'POST',
        `/api/brands/${f.brandId}/shows/${f.showId}/sales`,
        f.admin,
        {
          showProductId: f.showProductId,
          priceMinor: 2500,
          quantity: 10,
          durationSeconds: 120,
          perBuyerLimit: 1,
        },
      );
      expect(sale.status).toBe(201);
      // Every request comes from the same address (inject: 127.0.0.1). The flooder's requests name things that do
      // not exist, so they are cheap, and each route is counted on its own.
      const routes = [
        {
          name: 'flash-sale reservation',
          url: `/api/shows/${f.showId}/sales/no-such-sale/reservations`,
          body: { quantity: 1 },
        },
        {
          name: 'product reservation',
          url: `/api/shows/${f.showId}/products/no-such-product/reservations`,
          body: { quantity: 1 },
        },
        { name: 'checkout', url: '/api/orders/no-such-order/checkout', body: {} },
        { name: 'cancel', url: '/api/orders/no-such-order/cancel', body: {} },
        {
          name: 'test-card confirm',
          url: '/api/payments/test/confirm',
          body: { paymentIntentId: 'pi_test_none', cardNumber: '4242 4242 4242 4242' },
        },
      ];
      for (const route of routes) {
        // a burst of 20 at once is a buyer's (double taps, retries), not a flood
        const burst = await Promise.all(
          Array.from({ length: 20 }, () => f.request('POST', route.url, flooder, route.body)),
        );
        expect(
          burst.map((answer) => answer.status).filter((status) => status === 429),
          route.name,
        ).toEqual([]);
        const limited = await f.app.http.inject({
          method: 'POST',
          url: route.url,
          headers: { ...flooder, 'content-type': 'application/json' },
          payload: JSON.stringify(route.body),
        });
        expect(limited.statusCode, route.name).toBe(429);
        expect(limited.json().error.code, route.name).toBe('RATE_LIMITED');
        expect(limited.json().error.message).toMatch(/^too many requests; try again in \d+ seconds?$/);
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
        expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(10);
      }

      // The other buyer, same address, buys on every route as usual.
      const flash = await f.request<{ orderId: string }>(
        'POST',
        `/api/shows/${f.showId}/sales/${sale.body.saleId}/reservations`,
        other,
        { quantity: 1 },
      );
      expect(flash.status).toBe(201);
      const cancelled = await f.request<{ status: string }>(
        'POST',
        `/api/orders/${flash.body.orderId}/cancel`,
        other,
        {},
      );
      expect(cancelled.body.status).toBe('CANCELED');
      const held = await reserveProduct(other);
      expect(held.status).toBe(201);
      const checkout = await f.request<{ paymentIntentId: string }>(
        'POST',
        `/api/orders/${held.body.orderId}/checkout`,
        other,
        {},
      );
      expect(checkout.status).toBe(200);
      const paid = await f.request<{ status: string }>('POST', '/api/payments/test/confirm', other, {
        paymentIntentId: checkout.body.paymentIntentId,
        cardNumber: '4242 4242 4242 4242',
      });
      expect(paid.body.status).toBe('PAID');

      // and the flooder is still held back, with the stable error shape
      const again = await reserveProduct(flooder);
      expect(again.status).toBe(429);
      expect(again.body.error?.code).toBe('RATE_LIMITED');
      await f.request('POST', `/api/brands/${f.brandId}/shows/${f.showId}/sales/${sale.body.saleId}/end`, f.admin, {});
    });
  });

  describe('normal-price holds per buyer', () => {
    it(`lets one buyer hold at most ${productHoldLimitPerBuyer} units of a product at once, also when the requests race`, async () => {
      expect(productHoldLimitPerBuyer).toBe(5);
      const [buyer] = await f.buyers(1);
      const before = await stock();
      const results = await Promise.all(Array.from({ length: 10 }, () => reserveProduct(buyer!.headers)));
      expect(results.filter((r) => r.status === 201)).toHaveLength(5);
      const refused = results.filter((r) => r.status !== 201);
      expect(refused.map((r) => [r.status, r.body.error?.code])).toEqual(
        Array.from({ length: 5 }, () => [409, 'PURCHASE_LIMIT']),
      );
      expect(refused[0]!.body.error?.message).toMatch(/at most 5 of this product/);
      expect(await heldBy(buyer!.userId)).toBe(5);
      expect(await stock()).toBe(before - 5); // refused requests took nothing

      // a cancelled hold frees its unit for the same buyer
      const first = results.find((r) => r.status === 201)!;
      expect(
        (await f.request<{ status: string }>('POST', `/api/orders/${first.body.orderId}/cancel`, buyer!.headers, {}))
          .body.status,
      ).toBe('CANCELED');
      expect((await reserveProduct(buyer!.headers)).status).toBe(201);
      expect((await reserveProduct(buyer!.headers)).body.error?.code).toBe('PURCHASE_LIMIT');

      // a paid order is no longer a hold
      const second = results.filter((r) => r.status === 201)[1]!;
      const checkout = await f.request<{ paymentIntentId: string }>(
        'POST',
        `/api/orders/${second.body.orderId}/checkout`,
        buyer!.headers,
        {},
      );
      const paid = await f.request<{ status: string }>('POST', '/api/payments/test/confirm', buyer!.headers, {
        paymentIntentId: checkout.body.paymentIntentId,
        cardNumber: '4242 4242 4242 4242',
      });
      expect(paid.body.status).toBe('PAID');
      expect((await reserveProduct(buyer!.headers)).status).toBe(201);
      expect(await heldBy(buyer!.userId)).toBe(5);
      expect(await stock()).toBe(before - 6);
    });

    it('refuses one request for more than the cap, and holds of other buyers do not count', async () => {
      const [greedy, neighbour] = await f.buyers(2);
      const before = await stock();
      expect((await reserveProduct(greedy!.headers, 6)).body.error?.code).toBe('PURCHASE_LIMIT');
      expect(await stock()).toBe(before);
      expect((await reserveProduct(greedy!.headers, 5)).status).toBe(201);
      expect((await reserveProduct(neighbour!.headers, 5)).status).toBe(201);
      expect(await heldBy(greedy!.userId)).toBe(5);
      expect(await heldBy(neighbour!.userId)).toBe(5);
      expect(await stock()).toBe(before - 10);
    });

    it('does not count expired holds the sweeper has not released yet', async () => {
      const [buyer] = await f.buyers(1);
      expect((await reserveProduct(buyer!.headers, 5)).status).toBe(201);
      await f.database.db.reservation.updateMany({
        where: { buyerId: buyer!.userId },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      expect((await reserveProduct(buyer!.headers, 2)).status).toBe(201);
    });
  });
});
