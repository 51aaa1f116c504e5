'use client';

// Keeps the show room's status current for the player: Socket.IO `show:status-changed` for instant switches
// (live, reconnecting, ended), and polling of the public show API as the fallback (and a slow safety net while the
// socket is up). The realtime show-room client can take over the socket once it exists; one per page is enough.
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import {
  joinStateSchema,
  showStatusChangedSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../../server/realtime/contract';
import { api } from '../../api/api-client';
import type { PublicShow, PublicShowDetail } from '../../api/api-types';
import { useShowRoom } from '../show-page/show-room-context';

const POLL_WITHOUT_SOCKET_MS = 3_000;
const POLL_WITH_SOCKET_MS = 20_000;

export interface ShowStatusFeed {
  /** The publisher dropped; the server waits a grace period for the host to come back. */
  reconnecting: boolean;
  /** True while the realtime socket is joined to the show (status changes arrive instantly). */
  realtime: boolean;
}

function anonId(): string | undefined {
  try {
    const key = 'lc_anon_id';
    let value = localStorage.getItem(key);
    if (!value) {
      value = crypto.randomUUID().replaceAll('-', '');
      localStorage.setItem(key, value);
    }
    return value;
  } catch {
    return undefined; // storage blocked (private mode): join without a stable id
  }
}

export function useShowStatusFeed(): ShowStatusFeed {
  const { showId, show, updateShow } = useShowRoom();
  const [reconnecting, setReconnecting] = useState(false);
  const [realtime, setRealtime] = useState(false);
  // updateShow changes identity on every data change; effects read the latest through a ref.
  const update = useRef(updateShow);
  update.current = updateShow;

  const refresh = useRef(async () => {
    const fresh = await api.get<PublicShowDetail>(`/api/public/shows/${encodeURIComponent(showId)}`);
    update.current(() => fresh.show);
    if (fresh.show.status !== 'LIVE') setReconnecting(false);
  });

  useEffect(() => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      transports: ['websocket', 'polling'],
      withCredentials: true,
      auth: { anonId: anonId() },
    });
    const join = () => {
      socket.emit('show:join', { showId }, (result) => {
        if (!result.ok) return setRealtime(false);
        const state = joinStateSchema.safeParse(result.data);
        setRealtime(true);
        if (state.success) setReconnecting(state.data.show.status === 'RECONNECTING');
        // Anything that changed before the join is in the snapshot only as a status: refresh the show once.
        void refresh.current().catch(() => {});
      });
    };
    socket.on('connect', join);
    socket.on('disconnect', () => setRealtime(false));
    socket.on('show:status-changed', (payload) => {
      const change = showStatusChangedSchema.safeParse(payload);
      if (!change.success) return;
      const { status, hlsUrl, replayUrl, scheduledStartAt } = change.data;
      if (status === 'RECONNECTING') return setReconnecting(true);
      setReconnecting(false);
      update.current((current: PublicShow) => ({
        ...current,
        status,
        hlsUrl,
        replayUrl,
        ...(scheduledStartAt ? { scheduledStartAt } : {}),
      }));
      // startedAt / endedAt come with the full show.
      void refresh.current().catch(() => {});
    });
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [showId]);

  const settled = show.status === 'ENDED' || show.status === 'CANCELLED';
  useEffect(() => {
    if (settled) return;
    const timer = setInterval(
      () => void refresh.current().catch(() => {}),
      realtime ? POLL_WITH_SOCKET_MS : POLL_WITHOUT_SOCKET_MS,
    );
    return () => clearInterval(timer);
  }, [settled, realtime]);

  return { reconnecting: reconnecting && show.status === 'LIVE', realtime };
}
