'use client';

// Keeps the show's status current for the player. The page's one realtime connection (show-room-live) brings
// `show:status-changed` at once (live, reconnecting, ended); the public show API is then read for the URLs and times.
// Polling that API is the fallback while the socket is down, and a slow safety net while it is up.
import { useEffect, useRef } from 'react';
import { call } from '../../api/api-client';
import { useShowRoom } from '../show-page/show-room-context';
import { useShowRoomLive } from '../show-room/show-room-live';
import { showRoutes } from '@server/shows/show-schemas';

const POLL_WITHOUT_SOCKET_MS = 3_000;
const POLL_WITH_SOCKET_MS = 20_000;

export interface ShowStatusFeed {
  /** The publisher dropped; the server waits a grace period for the host to come back. */
  reconnecting: boolean;
  /** True while the realtime socket is joined to the show (status changes arrive instantly). */
  realtime: boolean;
}

export function useShowStatusFeed(): ShowStatusFeed {
  const { showId, show, updateShow } = useShowRoom();
  const { status: liveStatus, connection } = useShowRoomLive();
  // updateShow changes identity on every data change; effects read the latest through a ref.
  const update = useRef(updateShow);
  update.current = updateShow;
  const refresh = useRef(async () => {
    const fresh = await call(showRoutes.publicGet, { params: { showId } });
    update.current(() => fresh.show);
  });

  // A status from the socket that differs from what the page knows (RECONNECTING is a flavour of LIVE).
  const socketStatus = liveStatus === 'RECONNECTING' ? 'LIVE' : liveStatus;
  useEffect(() => {
    if (socketStatus && socketStatus !== show.status) void refresh.current().catch(() => {});
  }, [socketStatus, show.status]);

  const realtime = connection === 'live';
  const settled = show.status === 'ENDED' || show.status === 'CANCELLED';
  useEffect(() => {
    if (settled) return;
    const timer = setInterval(
      () => void refresh.current().catch(() => {}),
      realtime ? POLL_WITH_SOCKET_MS : POLL_WITHOUT_SOCKET_MS,
    );
    return () => clearInterval(timer);
  }, [settled, realtime]);

  return { reconnecting: liveStatus === 'RECONNECTING' && show.status === 'LIVE', realtime };
}
