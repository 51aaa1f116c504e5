// How sale state reaches viewers. The realtime service adapts this to Socket.IO rooms (`sale:started`,
// `sale:stock-changed`, `sale:ended`); without it the web falls back to polling GET /api/shows/:showId/sales.
export interface SaleStockPayload {
  saleId: string;
  showProductId: string;
  remaining: number;
  quantity: number;
  status: 'active' | 'sold_out' | 'ended';
  /** On the media timeline (server/cues): the program date time this change belongs to. */
  mediaTime?: string;
}

export interface SaleStartedPayload {
  saleId: string;
  showProductId: string;
  productId: string;
  title: string;
  currency: string;
  regularPriceMinor: number;
  priceMinor: number;
  quantity: number;
  remaining: number;
  perBuyerLimit: number;
  startsAt: string;
  endsAt: string;
  mediaTime?: string;
}

export interface SaleBroadcaster {
  started(showId: string, payload: SaleStartedPayload): void;
  stockChanged(showId: string, payload: SaleStockPayload): void;
  ended(showId: string, payload: SaleStockPayload & { reason?: 'sold_out' | 'time_up' | 'stopped' }): void;
  close(): void;
}

export const silentBroadcaster: SaleBroadcaster = { started() {}, stockChanged() {}, ended() {}, close() {} };

/** At most one stock update per `intervalMs` per sale (10/s by default); the last value always goes out. */
export function throttleStockUpdates(inner: SaleBroadcaster, intervalMs = 100): SaleBroadcaster {
  const state = new Map<
    string,
    { lastAt: number; pending: { showId: string; payload: SaleStockPayload } | null; timer: NodeJS.Timeout | null }
  >();
  const flush = (saleId: string) => {
    const entry = state.get(saleId);
    if (!entry?.pending) return;
    inner.stockChanged(entry.pending.showId, entry.pending.payload);
    entry.pending = null;
    entry.lastAt = Date.now();
  };
  return {
    started: (showId, payload) => inner.started(showId, payload),
    ended(showId, payload) {
      const entry = state.get(payload.saleId);
      if (entry?.timer) clearTimeout(entry.timer);
      flush(payload.saleId);
      state.delete(payload.saleId);
      inner.ended(showId, payload);
    },
    stockChanged(showId, payload) {
      const entry = state.get(payload.saleId) ?? { lastAt: 0, pending: null, timer: null };
      state.set(payload.saleId, entry);
      entry.pending = { showId, payload };
      const wait = entry.lastAt + intervalMs - Date.now();
      if (wait <= 0 && !entry.timer) return flush(payload.saleId);
      entry.timer ??= setTimeout(
        () => {
          entry.timer = null;
          flush(payload.saleId);
        },
        Math.max(wait, 0),
      );
    },
    close() {
      for (const entry of state.values()) if (entry.timer) clearTimeout(entry.timer);
      state.clear();
      inner.close();
    },
  };
}
