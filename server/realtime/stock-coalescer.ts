import type { SaleStockChanged } from './contract';

/**
 * Stock counters can change hundreds of times a second in a flash sale; viewers only need the latest number.
 * Per sale, the newest update within a window wins and goes out once (at most 1000/windowMs frames a second).
 */
export class StockCoalescer {
  readonly #pending = new Map<string, { showId: string; payload: SaleStockChanged }>();
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly windowMs: number,
    private readonly send: (showId: string, payload: SaleStockChanged) => void,
  ) {}

  push(showId: string, payload: SaleStockChanged): void {
    this.#pending.set(`${showId}:${payload.saleId}`, { showId, payload });
    this.#timer ??= setTimeout(() => this.flush(), this.windowMs);
  }

  /** Sends a sale's pending update now (before its sale:ended, so the order on the wire stays right). */
  flushSale(showId: string, saleId: string): void {
    const key = `${showId}:${saleId}`;
    const pending = this.#pending.get(key);
    if (!pending) return;
    this.#pending.delete(key);
    this.send(pending.showId, pending.payload);
  }

  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const { showId, payload } of pending) this.send(showId, payload);
  }

  close(): void {
    this.flush();
  }
}
