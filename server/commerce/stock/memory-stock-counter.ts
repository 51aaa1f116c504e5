import type { SaleCounterState, StockCounter, TakeResult } from './stock-counter';

interface Entry {
  remaining: number;
  perBuyerLimit: number;
  heldByBuyer: Map<string, number>;
  expiresAt: number;
}

/** Embedded default: one process, so a Map mutated synchronously is atomic. */
export function createMemoryStockCounter(now: () => number = Date.now): StockCounter {
  const sales = new Map<string, Entry>();
  const live = (saleId: string): Entry | undefined => {
    const entry = sales.get(saleId);
    if (entry && entry.expiresAt <= now()) {
      sales.delete(saleId);
      return undefined;
    }
    return entry;
  };
  return {
    kind: 'memory',
    async load(saleId: string, state: SaleCounterState, ttlSeconds: number) {
      if (live(saleId)) return;
      sales.set(saleId, {
        remaining: state.remaining,
        perBuyerLimit: state.perBuyerLimit,
        heldByBuyer: new Map(Object.entries(state.heldByBuyer)),
        expiresAt: now() + ttlSeconds * 1000,
      });
    },
    async take(saleId: string, buyerId: string, quantity: number): Promise<TakeResult> {
      const entry = live(saleId);
      if (!entry) return { ok: false, reason: 'NOT_LOADED', remaining: 0 };
      const held = entry.heldByBuyer.get(buyerId) ?? 0;
      if (held + quantity > entry.perBuyerLimit)
        return { ok: false, reason: 'PURCHASE_LIMIT', remaining: entry.remaining };
      if (entry.remaining < quantity) return { ok: false, reason: 'SOLD_OUT', remaining: entry.remaining };
      entry.remaining -= quantity;
      entry.heldByBuyer.set(buyerId, held + quantity);
      return { ok: true, remaining: entry.remaining };
    },
    async give(saleId: string, buyerId: string, quantity: number, forgetBuyer: boolean) {
      const entry = live(saleId);
      if (!entry) return;
      entry.remaining += quantity;
      if (forgetBuyer) {
        const held = (entry.heldByBuyer.get(buyerId) ?? 0) - quantity;
        if (held > 0) entry.heldByBuyer.set(buyerId, held);
        else entry.heldByBuyer.delete(buyerId);
      }
    },
    async remaining(saleId: string) {
      return live(saleId)?.remaining ?? null;
    },
    async drop(saleId: string) {
      sales.delete(saleId);
    },
    async close() {
      sales.clear();
    },
  };
}
