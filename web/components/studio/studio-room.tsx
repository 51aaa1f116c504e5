'use client';

// The studio joins the show's realtime room like the show page does (one Socket.IO connection, the same provider),
// so the host sees the viewer count and the latest chat over the preview.
import { useCallback, useMemo } from 'react';
import { useApiQuery } from '../../api/queries';
import { LoadingState } from '../feedback/feedback';
import { ShowRoomProvider, type ShowRoomState } from '../show-page/show-room-context';
import { ShowRoomLiveProvider } from '../show-room/show-room-live';
import { showRoutes } from '@server/shows/show-schemas';

export function StudioRoom({ showId, children }: { showId: string; children: React.ReactNode }) {
  const resource = useApiQuery(showRoutes.publicGet, { params: { showId } });
  const { data, setData, reload } = resource;
  const updateShow = useCallback<ShowRoomState['updateShow']>(
    (change) => data && setData({ ...data, show: change(data.show) }),
    [data, setData],
  );
  const updateProducts = useCallback<ShowRoomState['updateProducts']>(
    (change) => data && setData({ ...data, products: change(data.products) }),
    [data, setData],
  );
  const room = useMemo<ShowRoomState | null>(
    () => (data ? { ...data, showId, updateShow, updateProducts, reload } : null),
    [data, showId, updateShow, updateProducts, reload],
  );
  // The studio mounts once, after the first answer: switching the tree around it later would remount it (and
  // restart the camera). Without the public show (an error) the studio still works, without the room's extras.
  if (!room && resource.loading) return <LoadingState label="Opening the studio…" />;
  if (!room) return <>{children}</>;
  return (
    <ShowRoomProvider value={room}>
      <ShowRoomLiveProvider>{children}</ShowRoomLiveProvider>
    </ShowRoomProvider>
  );
}
