// A process that dies between the stock counter's take and the database batch leaves the counter low: the sale looks
// sold out while the database still has the unit. The repair job reloads such a counter once it has settled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCounterRepair } from './repair-counters';
import { createCommerceFixture, type CommerceFixture } from './testing/commerce-fixture';

for (const redis of [false, true]) {
  describe(`stock counter repair (${redis ? 'redis' : 'in-process'} counter)`, () => {
    let f: CommerceFixture;
    beforeAll(async () => {
      f = await createCommerceFixture({ redis });
    });
    afterAll(async () => {
      await f?.close();
    });

    const startSale = async (quantity: number) => {
      const started = await f.request<{ saleId: string }>(
        'POST',
        `/api/brands/${f.brandId}/shows/${f.showId}/sales`,
        f.admin,
        {
          showProductId: f.showProductId,
          priceMinor: 2500,
          quantity,
          durationSeconds: 120,
          perBuyerLimit: 1,
        },
      );
      expect(started.status).toBe(201);
      return started.body.saleId;
    };
    const reserve = (saleId: string, headers: Record<string, string>) =>
      f.request<{ orderId: string; error?: { code: string } }>(
        'POST',
        `/api/shows/${f.showId}/sales/${saleId}/reservations`,
        headers,
        { quantity: 1 },
      );
    const endSale = (saleId: string) =>
      f.request('POST', `/api/brands/${f.brandId}/shows/${f.showId}/sales/${saleId}/end`, f.admin, {});

    it('reloads a counter left low by a purchase that never reached the database, once it has settled', async () => {
      const saleId = await startSale(2);
      const [first, second, third] = await f.buyers(3);
      expect((await reserve(saleId, first!.headers)).status).toBe(201);
      // the process took a unit from the counter, then died before its batch was written
      expect(await f.commerce.ctx.counter.take(saleId, 'buyer-of-a-dead-process', 1)).toMatchObject({
        ok: true,
        remaining: 0,
      });
      expect((await reserve(saleId, second!.headers)).body.error?.code).toBe('SOLD_OUT');

      const repair = createCounterRepair(f.commerce.ctx);
      expect(await repair()).toBe(0); // one look proves nothing: purchases in flight look the same
      expect(await repair()).toBe(1); // still low and the database did not move: reloaded
      expect(await f.commerce.ctx.counter.remaining(saleId)).toBe(1);
      expect((await reserve(saleId, second!.headers)).status).toBe(201);
      expect((await reserve(saleId, third!.headers)).body.error?.code).toBe('SOLD_OUT');
      expect(await repair()).toBe(0); // in step with the database now
      await endSale(saleId);
    });

    it('leaves a busy sale alone while its database count moves between checks', async () => {
      const saleId = await startSale(10);
      const buyers = await f.buyers(1);
      await f.commerce.ctx.counter.take(saleId, 'buyer-in-flight', 1); // looks like a purchase on its way
      const repair = createCounterRepair(f.commerce.ctx);
      expect(await repair()).toBe(0);
      expect((await reserve(saleId, buyers[0]!.headers)).status).toBe(201); // the database moved
      expect(await repair()).toBe(0);
      expect(await f.commerce.ctx.counter.remaining(saleId)).toBe(8);
      await endSale(saleId);
    });
  });
}
