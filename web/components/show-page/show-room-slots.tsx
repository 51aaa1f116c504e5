'use client';

// The one place where the show room's slots are filled. To add a piece, import your component here
// and render it in its slot; the layout, data loading and context stay untouched.
//   player          -> web/components/media/…      (HLS player when LIVE, replay when ENDED)
//   chat            -> web/components/show-room/…  (realtime chat, live stock and pins)
//   product action  -> web/components/checkout/…   (buy button per product)
//   checkout drawer -> web/components/checkout/…
import type { PublicShowProduct } from '../../api/api-types';
import { ShowPlayer } from '../media/show-player';
import { ProductRail } from './product-rail';

export function PlayerSlot() {
  return <ShowPlayer />;
}

export function ProductRailSlot() {
  return <ProductRail renderAction={productAction} />;
}

function productAction(_product: PublicShowProduct): React.ReactNode {
  return null;
}

export function ChatSlot() {
  return null;
}

export function CheckoutDrawerSlot() {
  return null;
}
