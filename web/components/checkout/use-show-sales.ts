'use client';

import { useEffect } from 'react';
import { api } from '../../api/api-client';
import { checkoutStore, type SaleView } from './checkout-store';

const POLL_MS = 1500;

/**
 * Keeps the show's sales (price, countdown, units left) fresh. Polls a small uncached endpoint; the server also
 * publishes `sale:*` events through the realtime service, which a realtime client may feed into checkoutStore.
 */
export function useShowSales(showId: string): void {
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const body = await api.get<{ items: SaleView[]; serverTime: string }>(`/api/shows/${encodeURIComponent(showId)}/sales`);
        if (!stopped) checkoutStore.setSales(body.items, body.serverTime);
      } catch {
        // keep the last known state; the next poll retries
      }
      if (!stopped) timer = setTimeout(load, document.visibilityState === 'hidden' ? POLL_MS * 4 : POLL_MS);
    };
    void load();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [showId]);
}
