import { describe, expect, it } from 'vitest';
import { SaleOpBatches } from './sale-op-batches';

describe('SaleOpBatches', () => {
  it('sends one call per sale per turn, in arrival order, split at the size limit, and answers each op', async () => {
    const calls: { saleId: string; args: string[] }[] = [];
    const batches = new SaleOpBatches(async (saleId, args) => {
      calls.push({ saleId, args });
      // answer each op with its position in the call, so the test can see which answer went where
      return args.flatMap((_, i) => (i % 3 === 0 ? [1, i / 3] : []));
    }, 2);
    const answers = await Promise.all([
      batches.submit('a', 't', 'b1', 1),
      batches.submit('b', 'g', 'b2', 2),
      batches.submit('a', 'f', 'b3', 3),
      batches.submit('a', 't', 'b4', 4),
    ]);
    expect(calls).toEqual([
      { saleId: 'a', args: ['t', 'b1', '1', 'f', 'b3', '3'] },
      { saleId: 'a', args: ['t', 'b4', '4'] },
      { saleId: 'b', args: ['g', 'b2', '2'] },
    ]);
    expect(answers).toEqual([
      [1, 0],
      [1, 0],
      [1, 1],
      [1, 0],
    ]);
    await batches.submit('a', 't', 'b5', 1); // a later turn is a new call
    expect(calls).toHaveLength(4);
  });

  it('fails every op of a failed call, and only those', async () => {
    const batches = new SaleOpBatches(async (saleId) => {
      if (saleId === 'down') throw new Error('no answer within 1000 ms');
      return [1, 5];
    });
    const [failed, fine] = await Promise.allSettled([
      batches.submit('down', 't', 'b1', 1),
      batches.submit('up', 't', 'b2', 1),
    ]);
    expect(failed).toMatchObject({ status: 'rejected', reason: new Error('no answer within 1000 ms') });
    expect(fine).toEqual({ status: 'fulfilled', value: [1, 5] });
  });
});
