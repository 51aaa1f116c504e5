// The fast gate in front of the database for flash-sale stock. It answers "may this buyer take q more units?"
// atomically (units left and the per-buyer limit in one step). The database's conditional update stays the source
// of truth: a counter that is wrong (restarted, rebuilt late) can only make the database reject, never oversell.
export interface SaleCounterState {
  remaining: number;
  perBuyerLimit: number;
  /** units each buyer holds or bought in this sale */
  heldByBuyer: Record<string, number>;
}

export type TakeResult =
  | { ok: true; remaining: number }
  | { ok: false; reason: 'SOLD_OUT' | 'PURCHASE_LIMIT' | 'NOT_LOADED'; remaining: number };

export interface StockCounter {
  readonly kind: 'redis' | 'memory';
  /** Loads a sale unless it is already loaded (several processes may race to rebuild; the first wins). */
  load(saleId: string, state: SaleCounterState, ttlSeconds: number): Promise<void>;
  take(saleId: string, buyerId: string, quantity: number): Promise<TakeResult>;
  /** Units back to the sale; `forgetBuyer` also lowers the buyer's tally (released or expired, not sold). */
  give(saleId: string, buyerId: string, quantity: number, forgetBuyer: boolean): Promise<void>;
  remaining(saleId: string): Promise<number | null>;
  drop(saleId: string): Promise<void>;
  close(): Promise<void>;
}
