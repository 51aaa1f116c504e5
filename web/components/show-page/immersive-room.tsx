'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useCheckoutState } from '../checkout/checkout-store';
import { ImmersiveProvider, type Immersive, type ImmersivePanel } from './immersive-context';
import styles from './immersive-room.module.css';
import { MiniPlayer } from './mini-player';

// A tap on one of these is an action, not a tap on the video.
const interactive = 'button, a, input, select, textarea, label, summary, form, dialog, [role="dialog"], [data-sheet]';

/**
 * The show room on a phone: the video fills the screen and the room floats over it (see show-room-slots.tsx for
 * what fills `overlay` and `sheets`). A tap on the video hides or shows the overlays. Opening a product's details
 * turns the video into a small draggable player, so the show never stops while the viewer shops.
 */
export function ImmersiveRoom({
  player,
  overlay,
  sheets,
  checkoutDrawer,
}: {
  player: React.ReactNode;
  overlay: React.ReactNode;
  sheets: React.ReactNode;
  checkoutDrawer: React.ReactNode;
}) {
  const [panel, setPanel] = useState<ImmersivePanel>(null);
  const [overlaysHidden, setOverlaysHidden] = useState(false);
  const close = useCallback(() => setPanel(null), []);
  const value = useMemo<Immersive>(
    () => ({ panel, open: setPanel, close, overlaysHidden }),
    [panel, close, overlaysHidden],
  );
  const router = useRouter();
  // Another page opened over the show (an order: see web/app/shows/[showId]/@sheet): the show goes mini too.
  const away = !usePathname().startsWith('/shows/');
  const mini = panel?.kind === 'product' || away;
  const paying = useCheckoutState().order !== null;
  const room = useRef<HTMLElement>(null);
  useSheetTop(room, paying);

  // The page behind must not scroll under a full-screen room (iOS rubber-banding would move the video).
  useEffect(() => {
    const { overflow } = document.documentElement.style;
    document.documentElement.style.overflow = 'hidden';
    return () => {
      document.documentElement.style.overflow = overflow;
    };
  }, []);

  return (
    <ImmersiveProvider value={value}>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: tapping the picture to hide the overlays is a touch gesture; with a keyboard the overlays simply stay */}
      <main
        ref={room}
        className={styles.room}
        data-testid="show-room"
        data-layout="immersive"
        data-overlays={overlaysHidden ? 'hidden' : 'shown'}
        data-panel={panel?.kind ?? 'none'}
        data-away={away}
        data-checkout={paying ? 'open' : 'closed'}
        onClick={(event) => {
          if (mini || (event.target as Element).closest(interactive)) return;
          setOverlaysHidden((hidden) => !hidden);
        }}
      >
        <MiniPlayer mini={mini} onExpand={away ? () => router.back() : close}>
          {player}
        </MiniPlayer>
        <div className={styles.overlay} aria-hidden={overlaysHidden || mini} inert={overlaysHidden || mini}>
          {overlay}
        </div>
        {sheets}
        {checkoutDrawer}
      </main>
    </ImmersiveProvider>
  );
}

/** Publishes where the checkout sheet starts (--sheet-top), so a landscape picture can sit whole above it. */
function useSheetTop(room: React.RefObject<HTMLElement | null>, paying: boolean): void {
  useEffect(() => {
    const element = room.current;
    const sheet = element?.querySelector('[data-testid="checkout-drawer"]');
    if (!element || !sheet || !paying) return;
    const update = () => element.style.setProperty('--sheet-top', `${Math.round(sheet.getBoundingClientRect().top)}px`);
    const observer = new ResizeObserver(update);
    observer.observe(sheet);
    update();
    return () => {
      observer.disconnect();
      element.style.removeProperty('--sheet-top');
    };
  }, [room, paying]);
}
