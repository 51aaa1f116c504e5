'use client';

import { useEffect } from 'react';
import type { SaleState } from '../../../server/realtime/contract';
import { checkoutStore } from './checkout-store';

/**
 * Feeds the realtime room's sale state (join snapshot, sale:started, throttled sale:stock-changed, sale:ended) into
 * the checkout store. Sale states carry what a buy button shows, so a sale that starts needs no request.
 */
export function useLiveSales(sales: SaleState[]): void {
  useEffect(() => {
    checkoutStore.upsertSales(sales);
  }, [sales]);
}
