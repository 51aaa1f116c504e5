'use client';

// What the show room's slots render (see web/components/show-page/show-room-slots.tsx).
import type { PublicShowProduct } from '../../api/api-types';
import { BuyButton } from './buy-button';
import { useShowRoomLive } from '../show-room/show-room-live';
import { CheckoutDrawer } from './checkout-drawer';
import { useLiveSales } from './use-live-sales';
import { useShowSales } from './use-show-sales';
import { useStockRefresh } from './use-stock-refresh';

export function ShowBuyAction({ showId, product }: { showId: string; product: PublicShowProduct }) {
  return <BuyButton showId={showId} product={product} />;
}

/** The drawer, plus the live sales feed for the whole room (mounted once per show page). */
export function ShowCheckout({ showId }: { showId: string }) {
  const live = useShowRoomLive();
  useLiveSales(live.sales);
  useShowSales(showId, live.connection === 'live' && live.joined);
  useStockRefresh();
  return <CheckoutDrawer />;
}
