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
  type JoinState,
  type KeywordAnswer,
  type ReactionBurst,
  type SaleState,
  type ServerToClientEvents,
  type ShowCue,
} from '../../../server/realtime/contract';
import type { HlsPlayer } from '../../../media/browser/hls-player';
import type { CueQueue } from './cue-queue';
import { cueTime, pinsAt, salesAt } from './cue-timeline';
import { createPlaybackTimeline } from './playback-timeline';
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
  /** The page's player (HlsVideo's onPlayer): commerce cues then apply on its playback clock. */
  attachPlayer(player: HlsPlayer | null): void;
  /** The program date time of the frame on screen (ms), null without a playback clock. */
  playingAt(): number | null;
  /** Shows (or clears) a chat-keyword answer, e.g. the hold her pick among several products placed. */
  setKeywordAnswer(answer: KeywordAnswer | null): void;
}

/** A press in a flash sale's first seconds is answered when the fair-start window closes (up to ~11 s). */
const fairStartAnswerMs = 20_000;

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

/** A cue as the action it stands for; a sale's start takes the snapshot's current stock when it has the sale. */
function cueAction(cue: ShowCue, live: Map<string, SaleState>): LiveAction {
  const event = cue.event;
  if (event.kind === 'sale_started') return { type: 'sale', sale: live.get(event.sale.saleId) ?? event.sale };
  if (event.kind === 'sale_ended' || event.kind === 'sold_out') return { type: 'stock', stock: event.stock };
  return { type: 'pins', pins: event.pins };
}

/**
 * A join snapshot on the media timeline: the state before its recent cues, then every cue queued on the viewer's
 * playback clock (those her playhead already passed apply at once; without a clock, all of them do).
 */
function joinOnTimeline(state: JoinState, dispatch: (action: LiveAction) => void, queue: CueQueue) {
  queue.clear();
  const cues = state.cues;
  if (cues.length === 0) return dispatch({ type: 'joined', state });
  const before = Number.NEGATIVE_INFINITY;
  dispatch({
    type: 'joined',
    state: { ...state, pins: pinsAt(cues, before, state.pins), sales: salesAt(cues, before, state.sales) },
  });
  const live = new Map(state.sales.map((sale) => [sale.saleId, sale]));
  for (const cue of cues) queue.push(cueTime(cue), () => dispatch(cueAction(cue, live)));
}

/** Server events, checked against the contract before they touch state; batches are unpacked in order. */
function listen(
  socket: RoomSocket,
  dispatch: (action: LiveAction) => void,
  reactions: Set<(c: ReactionBurst['counts']) => void>,
  queue: CueQueue,
  showId: string,
) {
  // Commerce events wait for the viewer's playhead to reach their media time; untimed ones never overtake them.
  const timed = (mediaTime: string | undefined, action: LiveAction) =>
    queue.push(mediaTime ? Date.parse(mediaTime) : null, () => dispatch(action));
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
  on('pin:changed', ({ pins, mediaTime }) => timed(mediaTime, { type: 'pins', pins }));
  on('presence:count-changed', ({ viewers }) => dispatch({ type: 'viewers', viewers }));
  on('show:status-changed', ({ status }) => dispatch({ type: 'status', status }));
  on('sale:started', ({ mediaTime, ...sale }) => timed(mediaTime, { type: 'sale', sale }));
  on('sale:stock-changed', ({ mediaTime, ...stock }) => timed(mediaTime, { type: 'stock', stock }));
  on('sale:ended', ({ mediaTime, ...stock }) => timed(mediaTime, { type: 'stock', stock }));
  // A chat-keyword order's private answer (her account's sockets, any show): only this show's.
  on('keyword:answered', (answer) => answer.showId === showId && dispatch({ type: 'keyword-answer', answer }));
  on('keyword:orders-counted', (counts) => dispatch({ type: 'keyword-counts', counts }));
  on('reaction:burst', ({ counts }) => reactions.forEach((listener) => listener(counts)));
}

/**
 * `timeline`: 'playback' on the viewer's page (commerce cues wait for her playhead); 'immediate' in the host's studio,
 * whose own picture has no delay.
 */
export function ShowRoomLiveProvider({
  children,
  timeline: mode = 'immediate',
}: {
  children: React.ReactNode;
  timeline?: 'playback' | 'immediate';
}) {
  const { showId, updateProducts, show } = useShowRoom();
  const [timeline] = useState(createPlaybackTimeline);
  const expectPlayer = mode === 'playback' && show.status === 'LIVE' && Boolean(show.hlsUrl);
  useEffect(() => timeline.expectPlayer(expectPlayer), [timeline, expectPlayer]);
  useEffect(() => () => timeline.queue.close(), [timeline]);
  const [state, dispatch] = useReducer(liveReducer, initialLiveState);
  const [socket, setSocket] = useState<RoomSocket | null>(null);
  const reactionListeners = useRef(new Set<(counts: ReactionBurst['counts']) => void>());

  useEffect(() => {
    const room: RoomSocket = io({ transports: ['websocket', 'polling'], auth: { anonId: anonId() } });
    const join = () => {
      // A recovered connection is still in the room and got what it missed; a fresh one joins for a snapshot.
      if (room.recovered) return dispatch({ type: 'connection', connection: 'live' });
      room.emit('show:join', { showId }, (result) => {
        if (result.ok) joinOnTimeline(result.data, dispatch, timeline.queue);
        dispatch({ type: 'connection', connection: result.ok ? 'live' : 'offline' });
      });
    };
    room.on('connect', join);
    room.on('disconnect', () => dispatch({ type: 'connection', connection: 'offline' }));
    room.on('connect_error', () => dispatch({ type: 'connection', connection: 'offline' }));
    listen(room, dispatch, reactionListeners.current, timeline.queue, showId);
    setSocket(room);
    // How far behind live this viewer watches, for the flash sale's fair start (server/commerce/README.md).
    const report = setInterval(() => {
      const at = timeline.clock();
      if (typeof at === 'number' && room.connected)
        room.emit('playback:report', { playingAt: new Date(at).toISOString() });
    }, 2000);
    return () => {
      clearInterval(report);
      room.removeAllListeners();
      room.disconnect();
      setSocket(null);
    };
  }, [showId, timeline]);

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
          socket.timeout(event === 'sale:reserve' ? fairStartAnswerMs : 8000) as unknown as {
            emitWithAck(e: string, p: unknown): Promise<AckResult<T>>;
          }
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

  const attachPlayer = useCallback((player: HlsPlayer | null) => timeline.attachPlayer(player), [timeline]);
  const playingAt = useCallback(() => timeline.clock() ?? null, [timeline]);
  const setKeywordAnswer = useCallback(
    (answer: KeywordAnswer | null) => dispatch({ type: 'keyword-answer', answer }),
    [],
  );
  const value = useMemo<ShowRoomLive>(
    () => ({ ...state, socket, command, onReactions, attachPlayer, playingAt, setKeywordAnswer }),
    [state, socket, command, onReactions, attachPlayer, playingAt, setKeywordAnswer],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}
