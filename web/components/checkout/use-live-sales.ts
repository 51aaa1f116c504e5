'use client';

import { useEffect } from 'react';
import type { SaleState } from '../../../server/realtime/contract';
import { checkoutStore } from './checkout-store';

const toStatus = { ACTIVE: 'active', SOLD_OUT: 'sold_out', ENDED: 'ended' } as const;

/**
 * Feeds the realtime room's sale state (join snapshot, sale:started, throttled sale:stock-changed, sale:ended) into
 * the checkout store. Returns the ids of sales the store does not know yet, so the caller can load their details.
 */
export function useLiveSales(sales: SaleState[]): string {
  useEffect(() => {
    for (const sale of sales) {
      checkoutStore.patchSale(sale.saleId, { remaining: sale.remaining, quantity: sale.quantity, endsAt: sale.endsAt, status: toStatus[sale.status] });
    }
  }, [sales]);
  const known = new Set(checkoutStore.get().sales.map((sale) => sale.saleId));
  return sales
    .filter((sale) => !known.has(sale.saleId))
    .map((sale) => sale.saleId)
    .join(',');
}
