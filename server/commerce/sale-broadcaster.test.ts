import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttleStockUpdates, type SaleBroadcaster, type SaleStockPayload } from './sale-broadcaster';

describe('throttleStockUpdates', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const recorder = () => {
    const sent: SaleStockPayload[] = [];
    const inner: SaleBroadcaster = {
      started() {},
      stockChanged: (_show, payload) => sent.push(payload),
      ended() {},
      close() {},
    };
    return { sent, inner };
  };
  const payload = (saleId: string, remaining: number): SaleStockPayload => ({
    saleId,
    showProductId: 'sp',
    remaining,
    quantity: 1000,
    status: 'active',
  });

  it('sends at most 10 updates a second per sale and always the latest value', () => {
    const { sent, inner } = recorder();
    const throttled = throttleStockUpdates(inner, 100);
    for (let i = 0; i < 1000; i += 1) {
      throttled.stockChanged('show', payload('a', 1000 - i));
      throttled.stockChanged('show', payload('b', 2000 - i));
      vi.advanceTimersByTime(1); // 1000 updates per sale over one second
    }
    vi.advanceTimersByTime(200);
    const perSale = (id: string) => sent.filter((p) => p.saleId === id);
    expect(perSale('a').length).toBeLessThanOrEqual(11);
    expect(perSale('a').length).toBeGreaterThanOrEqual(9);
    expect(perSale('a').at(-1)?.remaining).toBe(1);
    expect(perSale('b').at(-1)?.remaining).toBe(1001);
    throttled.close();
  });

  it('flushes the pending count before the sale ends', () => {
    const { sent, inner } = recorder();
    const ended: string[] = [];
    const throttled = throttleStockUpdates(
      { ...inner, ended: (_s, p) => ended.push(`${p.saleId}:${sent.at(-1)?.remaining}`) },
      100,
    );
    throttled.stockChanged('show', payload('a', 5));
    throttled.stockChanged('show', payload('a', 0));
    throttled.ended('show', { ...payload('a', 0), status: 'ended' });
    expect(ended).toEqual(['a:0']);
    throttled.close();
  });
});
