'use client';

import { useCallback, useEffect, useMemo } from 'react';
import type { PublicShow, PublicShowProduct } from '../../api/api-types';
import { useApiQuery } from '../../api/queries';
import { ErrorState, LoadingState } from '../feedback/feedback';
import { ShowUnavailable } from './show-unavailable';
import { ShowHeading } from './show-heading';
import { ShowRoomProvider, type ShowRoomState } from './show-room-context';
import { ShowRoomLayout } from './show-room-layout';
import { ShowRoomLiveProvider } from '../show-room/show-room-live';
import { ChatSlot, CheckoutDrawerSlot, OverlaySlot, PlayerSlot, ProductRailSlot, SheetsSlot } from './show-room-slots';
import { ImmersiveRoom } from './immersive-room';
import { usePhoneLayout } from './use-phone-layout';
import { showRoutes } from '@server/shows/show-schemas';

// Until realtime pushes status changes, look again now and then so "starting" turns into "live".
const REFRESH_MS = 30_000;

/** Public show page: loads the show and provides it to every slot of the show room. */
export function ShowPage({ showId }: { showId: string }) {
  const phone = usePhoneLayout();
  const resource = useApiQuery(showRoutes.publicGet, { params: { showId } });
  const { data, setData, reload } = resource;
  const status = data?.show.status;

  useEffect(() => {
    if (status !== 'SCHEDULED' && status !== 'LIVE') return;
    const timer = setInterval(() => void reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [status, reload]);

  const updateShow = useCallback(
    (change: (show: PublicShow) => PublicShow) => data && setData({ ...data, show: change(data.show) }),
    [data, setData],
  );
  const updateProducts = useCallback(
    (change: (products: PublicShowProduct[]) => PublicShowProduct[]) =>
      data && setData({ ...data, products: change(data.products) }),
    [data, setData],
  );
  const room = useMemo<ShowRoomState | null>(
    () => (data ? { ...data, showId, updateShow, updateProducts, reload } : null),
    [data, showId, updateShow, updateProducts, reload],
  );

  if (!room) {
    if (resource.loading) {
      return (
        <main className="container">
          <LoadingState label="Loading show…" />
        </main>
      );
    }
    if (resource.error?.status === 404) return <ShowUnavailable />;
    return (
      <main className="container">
        <ErrorState message="We could not load this show." onRetry={reload} />
      </main>
    );
  }

  return (
    <ShowRoomProvider value={room}>
      {/* One realtime connection for the whole room: chat, pins, viewers, sales (on the viewer's playback clock). */}
      <ShowRoomLiveProvider timeline="playback">
        {/* Phones: the video fills the screen with the room over it. Wider screens: the page layout. */}
        {phone ? (
          <ImmersiveRoom
            player={<PlayerSlot fill />}
            overlay={<OverlaySlot />}
            sheets={<SheetsSlot />}
            checkoutDrawer={<CheckoutDrawerSlot />}
          />
        ) : (
          <ShowRoomLayout
            player={<PlayerSlot />}
            heading={<ShowHeading />}
            productRail={<ProductRailSlot />}
            chat={<ChatSlot />}
            checkoutDrawer={<CheckoutDrawerSlot />}
          />
        )}
      </ShowRoomLiveProvider>
    </ShowRoomProvider>
  );
}
