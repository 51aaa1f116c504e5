// show:join / show:leave / reaction:send and the connection life cycle (presence, recovery).
import type { Socket } from 'socket.io';
import { analyticsRoomEvent, analyticsViewerJoined, analyticsViewerLeft } from '../analytics/analytics-hooks';
import { AppError, notFound } from '../errors/app-error';
import {
  reactionSendSchema,
  showJoinSchema,
  showLeaveSchema,
  type JoinState,
  type JoinStateExtension,
} from './contract';
import type { RealtimeServices } from './realtime-services';
import { staffPowers } from './show-context';
import type { CommandRouter } from './transport/command-router';
import { showRoom, staffRoom, userRoom } from './transport/room-names';
import type { RealtimeSocket } from './transport/socket-types';
import { TokenBucket } from './transport/token-bucket';

export const viewerKey = (socket: RealtimeSocket) =>
  socket.data.viewer ? `u:${socket.data.viewer.userId}` : `a:${socket.data.anonId}`;

export function requireJoined(socket: RealtimeSocket): string {
  const showId = socket.data.showId;
  if (!showId) throw new AppError('FORBIDDEN', 'join the show first');
  return showId;
}

async function extensions(services: RealtimeServices, showId: string): Promise<JoinStateExtension> {
  const results = await Promise.all(
    services.joinStateProviders.map((provider) =>
      Promise.race([
        provider(showId),
        new Promise<JoinStateExtension>((resolve) => setTimeout(() => resolve({}), 2000).unref()),
      ]).catch((error: unknown) => {
        services.logger.warn({ err: error, showId }, 'realtime: a join-state provider failed');
        return {};
      }),
    ),
  );
  return Object.assign({}, ...results) as JoinStateExtension;
}

function leave(services: RealtimeServices, socket: RealtimeSocket): void {
  const showId = socket.data.showId;
  if (!showId) return;
  for (const room of socket.rooms) if (room.startsWith(`show:${showId}`)) void socket.leave(room);
  services.presence.leave(showId, viewerKey(socket));
  analyticsViewerLeft(services.db, socket, showId);
  socket.data.showId = null;
}

async function join(services: RealtimeServices, socket: RealtimeSocket, showId: string): Promise<JoinState> {
  const context = await services.contexts.get(showId);
  if (context.status === 'CANCELLED') throw notFound('show');
  const viewer = socket.data.viewer;
  const powers = staffPowers(viewer, context);
  const restrictions = viewer && !powers.isStaff ? await services.chat.restrictions.forUser(showId, viewer.userId) : [];

  if (socket.data.showId !== showId) {
    leave(services, socket);
    // Rooms first, snapshot second: anything broadcast from now on arrives live, anything older is in the snapshot.
    const rooms = [showRoom(showId)];
    if (powers.isStaff) rooms.push(staffRoom(showId));
    if (viewer) rooms.push(userRoom(showId, viewer.userId));
    await socket.join(rooms);
    socket.data.showId = showId;
    const key = viewerKey(socket);
    services.presence.join(showId, key);
    analyticsViewerJoined(services.db, socket, context);
    services.tally.firstVisit(showId, key).then(
      (first) => first && services.stats.countNewViewer(showId),
      () => {},
    );
  }

  const shadowBanned = restrictions.some((r) => r.kind === 'SHADOW_BAN');
  const [messages, pins, extra] = await Promise.all([
    services.history.load(context, {
      staff: powers.isStaff,
      shadowBannedUserId: shadowBanned && viewer ? viewer.userId : null,
    }),
    services.pins.load(showId),
    extensions(services, showId),
  ]);
  const silenced = restrictions.some((r) => r.kind === 'BAN' || r.kind === 'MUTE');
  const open = context.status === 'SCHEDULED' || context.status === 'LIVE';
  return {
    show: {
      id: showId,
      brandId: context.brandId,
      status: context.status,
      slowModeSeconds: context.slowModeSeconds,
      chatRequiresSignIn: context.chatRequiresSignIn,
    },
    you: {
      userId: viewer?.userId ?? null,
      name: viewer?.name ?? null,
      canChat: open && !silenced && (Boolean(viewer) || !context.chatRequiresSignIn),
      canModerate: powers.canModerate,
      canPin: powers.canPin,
      // A shadow ban is never revealed to the viewer it applies to.
      restrictions: restrictions.filter((r) => r.kind !== 'SHADOW_BAN'),
    },
    messages,
    pins,
    viewers: services.presence.total(showId),
    sales: extra.sales ?? [],
    cues: extra.cues ?? [],
  };
}

/**
 * Middleware after socketAuth: a recovered connection gets its old rooms back from the adapter, but its session
 * was just checked again. It keeps only the rooms it still has a right to: a moderator whose role was revoked
 * while away leaves the staff room (shadow-banned messages, moderation notices), a signed-out viewer leaves the
 * old account's room. Runs before the connection completes, so nothing reaches it in between.
 */
export function recheckRestoredRooms(services: RealtimeServices) {
  return async (raw: Socket, next: (error?: Error) => void) => {
    const socket = raw as unknown as RealtimeSocket;
    const showId = socket.data.showId;
    if (!socket.recovered || !showId) return next();
    try {
      const viewer = socket.data.viewer;
      const context = await services.contexts.get(showId);
      if (!staffPowers(viewer, context).isStaff) void socket.leave(staffRoom(showId));
      const ownRoom = viewer ? userRoom(showId, viewer.userId) : null;
      for (const room of socket.rooms)
        if (room.startsWith(userRoom(showId, '')) && room !== ownRoom) void socket.leave(room);
      next();
    } catch {
      next(new Error('the show could not be checked; try again'));
    }
  };
}

export function registerRoomHandlers(services: RealtimeServices, socket: RealtimeSocket, router: CommandRouter): void {
  // A recovered connection gets its rooms and data back from the adapter, but presence is counted per node.
  if (socket.recovered && socket.data.showId) services.presence.join(socket.data.showId, viewerKey(socket));
  if (socket.recovered && socket.data.showId)
    void services.contexts.get(socket.data.showId).then(
      (context) =>
        socket.connected &&
        socket.data.showId === context.showId &&
        analyticsViewerJoined(services.db, socket, context),
      () => {},
    );
  socket.on('disconnect', () => {
    if (socket.data.showId) services.presence.leave(socket.data.showId, viewerKey(socket));
    if (socket.data.showId) analyticsViewerLeft(services.db, socket, socket.data.showId);
  });

  router.on('show:join', showJoinSchema, ({ showId }) => join(services, socket, showId));
  router.on('show:leave', showLeaveSchema, () => {
    leave(services, socket);
    return null;
  });

  const reactionBucket = new TokenBucket(20, 10);
  router.on(
    'reaction:send',
    reactionSendSchema,
    ({ kind }) => {
      services.reactions.add(requireJoined(socket), kind);
      analyticsRoomEvent(services.db, socket, 'reaction');
      return null;
    },
    { bucket: reactionBucket },
  );
}
