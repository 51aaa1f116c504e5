'use client';

// The one place where the show room's slots are filled. To add a piece, import your component here
// and render it in its slot; the layout, data loading and context stay untouched.
//   player          -> web/components/media/…      (HLS player when LIVE, replay when ENDED)
//   chat            -> web/components/show-room/…  (realtime chat, live stock and pins)
//   product action  -> web/components/checkout/…   (buy button per product)
//   checkout drawer -> web/components/checkout/…
// On a phone the same pieces float over the full-screen video: OverlaySlot and SheetsSlot (see immersive-room.tsx).
import type { PublicShowProduct } from '../../api/api-types';
import { ShowBuyAction, ShowCheckout } from '../checkout/show-checkout';
import { ShowPlayer } from '../media/show-player';
import { ProductRail } from './product-rail';
import { ShowRoomChat } from '../show-room/show-room-chat';
import { ImmersiveOverlay } from '../show-room/immersive-overlay';
import { ProductSheets } from './product-sheets';
import { useShowRoom } from './show-room-context';
import { AskLink } from '../conversations/ask-links';

export function PlayerSlot({ fill = false }: { fill?: boolean }) {
  return <ShowPlayer fill={fill} />;
}

function useBuyAction() {
  const { showId, brand } = useShowRoom();
  return (product: PublicShowProduct) => (
    <>
      <ShowBuyAction showId={showId} product={product} />
      <AskLink brandId={brand.id} productId={product.productId} label="Ask about this" className="button-link" />
    </>
  );
}

export function ProductRailSlot() {
  return <ProductRail renderAction={useBuyAction()} />;
}

export function OverlaySlot() {
  return <ImmersiveOverlay renderAction={useBuyAction()} />;
}

export function SheetsSlot() {
  return <ProductSheets renderAction={useBuyAction()} />;
}

export function ChatSlot() {
  return <ShowRoomChat />;
}

export function CheckoutDrawerSlot() {
  const { showId } = useShowRoom();
  return <ShowCheckout showId={showId} />;
}
