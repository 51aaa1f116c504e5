'use client';

import { useCheckoutState, type SaleView } from '../checkout/checkout-store';
import { useOptionalShowRoomLive } from '../show-room/show-room-live';
import { useNow } from '../shows/use-now';

/** The flash sale running now for a product (by the server's clock), or null: what Buy will charge. */
export function useRunningSale(showProductId: string): SaleView | null {
  const { sales, clockOffsetMs } = useCheckoutState();
  const playing = useOptionalShowRoomLive()?.playingAt() ?? null;
  const serverNow = useNow(1000) + clockOffsetMs;
  // On her playback clock when there is one (the deal starts and ends with her video), else the server's.
  const now = playing ?? serverNow;
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
