'use client';

import { useEffect } from 'react';
import type { SaleState } from '../../../server/realtime/contract';
import { checkoutStore } from './checkout-store';

const toStatus = { ACTIVE: 'active', SOLD_OUT: 'sold_out', ENDED: 'ended' } as const;

/**
 * Feeds the realtime room's sale state (join snapshot, sale:started, throttled sale:stock-changed, sale:ended) into
 * the checkout store. Sale states carry what a buy button shows, so a sale that starts needs no request.
 */
export function useLiveSales(sales: SaleState[]): void {
  useEffect(() => {
    checkoutStore.upsertSales(sales.map(({ status, ...sale }) => ({ ...sale, status: toStatus[status] })));
  }, [sales]);
}
