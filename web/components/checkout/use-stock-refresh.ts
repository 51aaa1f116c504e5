'use client';

import { useEffect, useRef } from 'react';
import { useShowRoom } from '../show-page/show-room-context';
import { useCheckoutState } from './checkout-store';

/**
 * Normal-price stock has no realtime event of its own (sales do: sale:stock-changed), so the room re-reads the show
 * when stock is likely to have moved: when our order's drawer closes (paid, cancelled or expired) and when a flash
 * sale starts or ends (the moments buyers rush). Between those, the page's periodic refresh picks up other buyers'
 * normal-price purchases.
 */
export function useStockRefresh(): void {
  const { reload } = useShowRoom();
  const { order, sales } = useCheckoutState();
  const running = sales
    .filter((sale) => sale.status !== 'ended')
    .map((sale) => sale.saleId)
    .sort()
    .join(',');
  const orderId = order?.orderId ?? null;
  const seen = useRef({ orderId, running });

  useEffect(() => {
    const before = seen.current;
    seen.current = { orderId, running };
    const orderClosed = before.orderId !== null && before.orderId !== orderId;
    if (orderClosed || before.running !== running) void reload();
  }, [orderId, running, reload]);
}
