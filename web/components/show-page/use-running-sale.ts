'use client';

import { useCheckoutState, type SaleView } from '../checkout/checkout-store';
import { useNow } from '../shows/use-now';

/** The flash sale running now for a product (by the server's clock), or null: what Buy will charge. */
export function useRunningSale(showProductId: string): SaleView | null {
  const { sales, clockOffsetMs } = useCheckoutState();
  const now = useNow(1000) + clockOffsetMs;
  return (
    sales.find(
      (sale) =>
        sale.showProductId === showProductId &&
        sale.status !== 'ended' &&
        Date.parse(sale.startsAt) <= now &&
        Date.parse(sale.endsAt) > now,
    ) ?? null
  );
}
