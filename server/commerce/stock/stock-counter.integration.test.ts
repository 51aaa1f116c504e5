import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { testRedisUrl } from '../../../infra/test-support/test-database';
import { createMemoryStockCounter } from './memory-stock-counter';
import { createRedisStockCounter } from './redis-stock-counter';
import { stockCounterContract } from './stock-counter.contract';

stockCounterContract('in-process', async () => createMemoryStockCounter());
stockCounterContract('redis', async () =>
  createRedisStockCounter(testRedisUrl, `test:${randomBytes(6).toString('hex')}:`),
);

describe('redis counter after Redis lost its script cache (a restart)', () => {
  it('still takes and gives: the first call of each script falls back from EVALSHA to EVAL', async () => {
    const counter = await createRedisStockCounter(testRedisUrl, `test:${randomBytes(6).toString('hex')}:`);
    const admin = createClient({ url: testRedisUrl });
    await admin.connect();
    try {
      await counter.load('sale', { remaining: 3, perBuyerLimit: 2, heldByBuyer: {} }, 60);
      expect(await counter.take('sale', 'ann', 1)).toEqual({ ok: true, remaining: 2 });
      await admin.scriptFlush();
      expect(await counter.take('sale', 'ann', 1)).toEqual({ ok: true, remaining: 1 });
      expect(await counter.take('sale', 'ann', 1)).toMatchObject({ ok: false, reason: 'PURCHASE_LIMIT' });
      await admin.scriptFlush();
      await counter.give('sale', 'ann', 1, true);
      expect(await counter.remaining('sale')).toBe(2);
    } finally {
      await admin.close();
      await counter.close();
    }
  });
});
