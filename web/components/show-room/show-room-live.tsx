'use client';

// One Socket.IO connection per show page: joins the show, keeps the live state (chat, pins, viewers, sales,
// status) and offers typed commands. Everything else in the room reads it through useShowRoomLive().
import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import {
  roomBatchSchema,
  serverEventSchemas,
  type AckResult,
  type ClientToServerEvents,
  type CommandAck,
  type CommandName,
  type CommandPayload,
  type ReactionBurst,
  type ServerToClientEvents,
} from '../../../server/realtime/contract';
import { useShowRoom } from '../show-page/show-room-context';
import { anonId } from './anon-id';
import { initialLiveState, liveReducer, type LiveAction, type LiveState } from './show-room-state';

export type RoomSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ShowRoomLive extends LiveState {
  socket: RoomSocket | null;
  /** Sends a command and resolves with its ack (a network failure becomes an error result, never a throw). */
  command<E extends CommandName>(event: E, payload: CommandPayload<E>): Promise<AckResult<CommandAck<E>>>;
  /** Reaction frames, for the floating hearts (not kept in state: they are moments, not data). */
  onReactions(listener: (counts: ReactionBurst['counts']) => void): () => void;
}

const LiveContext = createContext<ShowRoomLive | null>(null);

export function useShowRoomLive(): ShowRoomLive {
  const value = useContext(LiveContext);
  if (!value) throw new Error('useShowRoomLive must be used inside <ShowRoomLiveProvider>');
  return value;
}

/** The live room when there is one (the studio has one only once the public show loaded), else null. */
export function useOptionalShowRoomLive(): ShowRoomLive | null {
  return useContext(LiveContext);
}

/** Server events, checked against the contract before they touch state; batches are unpacked in order. */
function listen(
  socket: RoomSocket,
  dispatch: (action: LiveAction) => void,
  reactions: Set<(c: ReactionBurst['counts']) => void>,
) {
  const handlers = new Map<string, (payload: unknown) => void>();
  const on = <E extends keyof typeof serverEventSchemas>(
    event: E,
    handle: (payload: ReturnType<(typeof serverEventSchemas)[E]['parse']>) => void,
  ) => {
    const checked = (payload: unknown) => {
      const parsed = serverEventSchemas[event].safeParse(payload);
      if (parsed.success) handle(parsed.data as never);
    };
    handlers.set(event, checked);
    (socket.on as (e: string, l: (p: unknown) => void) => void)(event, checked);
  };
  socket.on('room:batch', (batch) => {
    const parsed = roomBatchSchema.safeParse(batch);
    if (parsed.success) for (const [event, payload] of parsed.data.events) handlers.get(event)?.(payload);
  });
  on('chat:message-created', (message) => dispatch({ type: 'message', message }));
  on('chat:message-deleted', ({ messageId }) => dispatch({ type: 'deleted', messageId }));
  on('chat:messages-purged', ({ userId }) => dispatch({ type: 'purged', userId }));
  on('chat:settings-changed', (settings) => dispatch({ type: 'settings', settings }));
  on('moderation:changed', (change) => dispatch({ type: 'restriction', change }));
  on('pin:changed', ({ pins }) => dispatch({ type: 'pins', pins }));
  on('presence:count-changed', ({ viewers }) => dispatch({ type: 'viewers', viewers }));
  on('show:status-changed', ({ status }) => dispatch({ type: 'status', status }));
  on('sale:started', (sale) => dispatch({ type: 'sale', sale }));
  on('sale:stock-changed', (stock) => dispatch({ type: 'stock', stock }));
  on('sale:ended', (stock) => dispatch({ type: 'stock', stock }));
  on('reaction:burst', ({ counts }) => reactions.forEach((listener) => listener(counts)));
}

export function ShowRoomLiveProvider({ children }: { children: React.ReactNode }) {
  const { showId, updateProducts } = useShowRoom();
  const [state, dispatch] = useReducer(liveReducer, initialLiveState);
  const [socket, setSocket] = useState<RoomSocket | null>(null);
  const reactionListeners = useRef(new Set<(counts: ReactionBurst['counts']) => void>());

  useEffect(() => {
    const room: RoomSocket = io({ transports: ['websocket', 'polling'], auth: { anonId: anonId() } });
    const join = () => {
      // A recovered connection is still in the room and got what it missed; a fresh one joins for a snapshot.
      if (room.recovered) return dispatch({ type: 'connection', connection: 'live' });
      room.emit('show:join', { showId }, (result) => {
        if (result.ok) dispatch({ type: 'joined', state: result.data });
        dispatch({ type: 'connection', connection: result.ok ? 'live' : 'offline' });
      });
    };
    room.on('connect', join);
    room.on('disconnect', () => dispatch({ type: 'connection', connection: 'offline' }));
    room.on('connect_error', () => dispatch({ type: 'connection', connection: 'offline' }));
    listen(room, dispatch, reactionListeners.current);
    setSocket(room);
    return () => {
      room.removeAllListeners();
      room.disconnect();
      setSocket(null);
    };
  }, [showId]);

  // Pins also light up the product rail's cards.
  const pinned = state.pins.map((pin) => pin.showProductId).join(',');
  const update = useRef(updateProducts);
  update.current = updateProducts;
  useEffect(() => {
    if (!state.joined) return;
    const ids = new Set(pinned ? pinned.split(',') : []);
    update.current((products) =>
      products.some((p) => p.pinned !== ids.has(p.showProductId))
        ? products.map((p) => ({ ...p, pinned: ids.has(p.showProductId) }))
        : products,
    );
  }, [pinned, state.joined]);

  const command = useCallback(
    async <E extends CommandName>(event: E, payload: CommandPayload<E>): Promise<AckResult<CommandAck<E>>> => {
      type T = CommandAck<E>;
      if (!socket?.connected)
        return { ok: false, error: { code: 'UNAVAILABLE', message: 'Reconnecting… try again in a moment.' } };
      try {
        return await (
          socket.timeout(8000) as unknown as { emitWithAck(e: string, p: unknown): Promise<AckResult<T>> }
        ).emitWithAck(event, payload);
      } catch {
        return { ok: false, error: { code: 'UNAVAILABLE', message: 'No answer from the server. Try again.' } };
      }
    },
    [socket],
  );
  const onReactions = useCallback((listener: (counts: ReactionBurst['counts']) => void) => {
    reactionListeners.current.add(listener);
    return () => void reactionListeners.current.delete(listener);
  }, []);

  const value = useMemo<ShowRoomLive>(
    () => ({ ...state, socket, command, onReactions }),
    [state, socket, command, onReactions],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}
