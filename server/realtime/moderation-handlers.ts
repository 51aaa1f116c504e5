// moderation:* and pin:* commands: staff only, checked against the joined show's brand on every call.
import { analyticsRoomEvent } from '../analytics/analytics-hooks';
import { recordCue } from '../cues/record-cue';
import { AppError } from '../errors/app-error';
import { requireModerator } from './chat-handlers';
import {
  blockedWordsSetSchema,
  moderationLiftSchema,
  moderationListSchema,
  moderationRestrictSchema,
  pinChangeSchema,
} from './contract';
import { activeRestrictions, liftRestriction, restrictViewer, setBlockedWords } from './moderation/restrictions';
import { listPins, pinProduct, unpinProduct } from './pins/pinned-products';
import type { RealtimeServices } from './realtime-services';
import { requireJoined } from './room-handlers';
import { staffPowers } from './show-context';
import type { CommandRouter } from './transport/command-router';
import { showRoom, staffRoom, userRoom } from './transport/room-names';
import type { RealtimeSocket } from './transport/socket-types';

export function registerModerationHandlers(
  services: RealtimeServices,
  socket: RealtimeSocket,
  router: CommandRouter,
): void {
  router.on('moderation:restrict', moderationRestrictSchema, async (input) => {
    const context = await requireModerator(services, socket);
    if (input.kind === 'BAN') await services.chat.writer.flush(); // the purge must reach every stored message
    const restriction = await restrictViewer(services.db, context, context.userId, input);
    services.contextChanged(context.showId, context.brandId);
    const change = { ...restriction, active: true };
    // The viewer hears about mutes and bans (their input closes) but never about a shadow ban.
    const rooms =
      input.kind === 'SHADOW_BAN'
        ? [staffRoom(context.showId)]
        : [staffRoom(context.showId), userRoom(context.showId, input.userId)];
    services.broadcast(rooms, 'moderation:changed', change);
    if (input.kind === 'BAN')
      services.broadcast(showRoom(context.showId), 'chat:messages-purged', { userId: input.userId });
    return restriction;
  });

  router.on('moderation:lift', moderationLiftSchema, async (input) => {
    const context = await requireModerator(services, socket);
    await liftRestriction(services.db, context, input);
    services.contextChanged(context.showId, context.brandId);
    const rooms =
      input.kind === 'SHADOW_BAN'
        ? [staffRoom(context.showId)]
        : [staffRoom(context.showId), userRoom(context.showId, input.userId)];
    services.broadcast(rooms, 'moderation:changed', {
      userId: input.userId,
      kind: input.kind,
      until: null,
      active: false,
    });
    return null;
  });

  router.on('moderation:list', moderationListSchema, async () => {
    const context = await requireModerator(services, socket);
    return { restrictions: await activeRestrictions(services.db, context.showId), blockedWords: context.blockedWords };
  });

  router.on('moderation:set-blocked-words', blockedWordsSetSchema, async ({ words }) => {
    const context = await requireModerator(services, socket);
    const blockedWords = await setBlockedWords(services.db, context.brandId, words);
    services.contextChanged(context.showId, context.brandId);
    return { blockedWords };
  });

  const changePins =
    (change: typeof pinProduct) =>
    async ({ showProductId }: { showProductId: string }) => {
      const wallMs = Date.now();
      const context = await services.contexts.get(requireJoined(socket));
      if (!staffPowers(socket.data.viewer, context).canPin)
        throw new AppError('FORBIDDEN', 'only the host can pin products');
      const previousPins = await listPins(services.db, services.images, context.showId);
      await change(services.db, context.showId, showProductId);
      if (change === pinProduct) analyticsRoomEvent(services.db, socket, 'pin', showProductId);
      const pins = await listPins(services.db, services.images, context.showId);
      const same = pins.map((pin) => pin.showProductId).join() === previousPins.map((pin) => pin.showProductId).join();
      if (same) return { pins };
      // On the media timeline: each viewer shows it when her video reaches the frame the host pinned it in.
      const kind = change === pinProduct ? 'pin' : 'unpin';
      const cue = await recordCue(
        services.db,
        context.showId,
        { kind, showProductId, pins, previousPins },
        { wallMs, clock: services.mediaClock },
      );
      services.broadcast(showRoom(context.showId), 'pin:changed', { pins, mediaTime: cue.mediaTime });
      return { pins };
    };
  router.on('pin:add', pinChangeSchema, changePins(pinProduct));
  router.on('pin:remove', pinChangeSchema, changePins(unpinProduct));
}
