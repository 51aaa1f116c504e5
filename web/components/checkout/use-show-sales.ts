'use client';

import { useEffect } from 'react';
import { call } from '../../api/api-client';
import { checkoutStore } from './checkout-store';
import { commerceRoutes } from '@server/commerce/commerce-schemas';

/**
 * Keeps the show's sales (price, countdown, units left) fresh from a small uncached endpoint: every 1.5 s while the
 * realtime socket is down, every 15 s as a safety net while `sale:*` events arrive live (see use-live-sales.ts).
 */
export function useShowSales(showId: string, socketLive: boolean): void {
  const POLL_MS = socketLive ? 15_000 : 1500;
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const body = await call(commerceRoutes.showSales, { params: { showId } });
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
  }, [showId, POLL_MS]);
}
