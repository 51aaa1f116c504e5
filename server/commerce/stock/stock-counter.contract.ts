// One behaviour, two implementations: every StockCounter must pass these.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StockCounter } from './stock-counter';

export function stockCounterContract(name: string, open: () => Promise<StockCounter>): void {
  describe(`StockCounter contract: ${name}`, () => {
    let counter: StockCounter;
    const sale = () => `sale_${randomBytes(6).toString('hex')}`;
    beforeAll(async () => {
      counter = await open();
    });
    afterAll(async () => {
      await counter.close();
    });

    it('answers NOT_LOADED for an unknown sale', async () => {
      expect(await counter.take(sale(), 'b1', 1)).toMatchObject({ ok: false, reason: 'NOT_LOADED' });
      expect(await counter.remaining(sale())).toBeNull();
    });

    it('takes until sold out and enforces the per-buyer limit', async () => {
      const id = sale();
      await counter.load(id, { remaining: 3, perBuyerLimit: 2, heldByBuyer: {} }, 60);
      expect(await counter.take(id, 'a', 2)).toEqual({ ok: true, remaining: 1 });
      expect(await counter.take(id, 'a', 1)).toMatchObject({ ok: false, reason: 'PURCHASE_LIMIT' });
      expect(await counter.take(id, 'b', 2)).toMatchObject({ ok: false, reason: 'SOLD_OUT', remaining: 1 });
      expect(await counter.take(id, 'b', 1)).toEqual({ ok: true, remaining: 0 });
      expect(await counter.take(id, 'c', 1)).toMatchObject({ ok: false, reason: 'SOLD_OUT' });
    });

    it('gives units back, forgetting the buyer only when asked', async () => {
      const id = sale();
      await counter.load(id, { remaining: 1, perBuyerLimit: 1, heldByBuyer: {} }, 60);
      expect((await counter.take(id, 'a', 1)).ok).toBe(true);
      await counter.give(id, 'a', 1, false);
      expect(await counter.remaining(id)).toBe(1);
      expect(await counter.take(id, 'a', 1)).toMatchObject({ ok: false, reason: 'PURCHASE_LIMIT' });
      await counter.give(id, 'a', 0, true);
      await counter.give(id, 'a', 1, true);
      expect(await counter.remaining(id)).toBe(2);
    });

    it('keeps the first load when two processes rebuild at once', async () => {
      const id = sale();
      await counter.load(id, { remaining: 5, perBuyerLimit: 1, heldByBuyer: { a: 1 } }, 60);
      await counter.load(id, { remaining: 99, perBuyerLimit: 9, heldByBuyer: {} }, 60);
      expect(await counter.remaining(id)).toBe(5);
      expect(await counter.take(id, 'a', 1)).toMatchObject({ ok: false, reason: 'PURCHASE_LIMIT' });
      await counter.drop(id);
      expect(await counter.remaining(id)).toBeNull();
    });

    it('gives exactly N successes for N units under 200 concurrent callers, one per buyer limit', async () => {
      const id = sale();
      await counter.load(id, { remaining: 37, perBuyerLimit: 1, heldByBuyer: {} }, 60);
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => counter.take(id, `buyer${i % 150}`, 1)));
      expect(results.filter((r) => r.ok)).toHaveLength(37);
      expect(await counter.remaining(id)).toBe(0);
    });
  });
}
