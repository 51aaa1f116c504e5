// The one realtime contract shared by server and web: every Socket.IO event, its payload schema and its type.
// Imported by browser code, so it must stay free of server-only modules (only zod and type imports here).
import { z } from 'zod';
import { orderStatuses, reservationSchema, saleStatusSchema } from '../commerce/commerce-schemas';
import type { ErrorCode } from '../errors/app-error';
import { entityId, textField } from '../fields/text-fields';
import {
  conversationMessageCreatedSchema,
  conversationReadSchema,
  conversationTypingInputSchema,
  conversationTypingSchema,
  conversationUpdatedSchema,
} from '../conversations/conversation-schemas';

// ---------- shared pieces ----------

// Every id and every text a client sends goes through the shared field schemas (server/fields/text-fields.ts), so a
// NUL or other control character never reaches the database: PostgreSQL refuses the whole statement, which failed
// a whole batch of other people's chat (issue 11).
const id = entityId;
const isoDate = z.string().max(40);

export const ackErrorSchema = z.object({ code: z.string() as z.ZodType<ErrorCode>, message: z.string() });
export type AckError = z.infer<typeof ackErrorSchema>;
export type AckResult<T> = { ok: true; data: T } | { ok: false; error: AckError };
export type Ack<T> = (result: AckResult<T>) => void;

export const reactionKinds = ['heart', 'fire', 'clap', 'laugh', 'wow'] as const;
export const reactionKindSchema = z.enum(reactionKinds);
export type ReactionKind = z.infer<typeof reactionKindSchema>;

export const restrictionKindSchema = z.enum(['MUTE', 'BAN', 'SHADOW_BAN']);
export type RestrictionKind = z.infer<typeof restrictionKindSchema>;

/** Anonymous viewers keep a random id in local storage; it only dedupes the "total viewers" tally. */
export const anonIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
export const handshakeAuthSchema = z.object({ anonId: anonIdSchema.optional() }).catch({});

// ---------- client -> server payloads ----------

export const chatTextMaxLength = 500;

export const showJoinSchema = z.strictObject({ showId: id });
export const showLeaveSchema = z.strictObject({});
export const chatSendSchema = z.strictObject({
  // The first bound only caps the work of normalising a huge string; the message's own limit comes after NFC.
  text: z
    .string()
    .max(4 * chatTextMaxLength)
    .pipe(textField({ max: chatTextMaxLength, required: true })),
});
export const chatDeleteSchema = z.strictObject({ messageId: id });
export const chatConfigureSchema = z
  .strictObject({
    slowModeSeconds: z.number().int().min(0).max(600).optional(),
    chatRequiresSignIn: z.boolean().optional(),
  })
  .refine(
    (value) => value.slowModeSeconds !== undefined || value.chatRequiresSignIn !== undefined,
    'nothing to change',
  );
export const reactionSendSchema = z.strictObject({ kind: reactionKindSchema });
export const moderationRestrictSchema = z.strictObject({
  userId: id,
  kind: restrictionKindSchema,
  /** Only for MUTE; bans last for the show. */
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
});
export const moderationLiftSchema = z.strictObject({ userId: id, kind: restrictionKindSchema });
export const moderationListSchema = z.strictObject({});
export const blockedWordsSetSchema = z.strictObject({
  words: z
    .array(
      textField({ max: 40, required: true })
        .transform((word) => word.toLowerCase())
        .refine((word) => word.length >= 2, 'use at least 2 characters'),
    )
    .max(200),
});
export const pinChangeSchema = z.strictObject({ showProductId: id });
/**
 * Buying in the joined show's flash sale over the open socket (the HTTP routes do the same). `playingAt`: the program
 * date time of the frame on the buyer's screen when she pressed Buy (her playback clock); it places her press on the
 * sale's media timeline for the fair start (server/commerce/README.md, "Fair start").
 */
export const saleReserveSchema = z.strictObject({
  saleId: id,
  quantity: z.number().int().min(1).max(10).default(1),
  playingAt: z.iso.datetime().optional(),
});
/** A viewer who typed the order keyword with several products pinned picks one (server/commerce/keyword-orders). */
export const keywordChooseSchema = z.strictObject({ showProductId: id, quantity: z.number().int().min(1).max(10) });
/** The viewer's playback clock now (sent every few seconds while playing): how far behind she watches. */
export const playbackReportSchema = z.strictObject({ playingAt: z.iso.datetime() });
export const orderCancelSchema = z.strictObject({ orderId: id });
/** A product card on the viewer's screen was seen or tapped (server/analytics records it). */
export const analyticsTrackSchema = z.strictObject({ kind: z.enum(['card_seen', 'card_tapped']), productId: id });

export type ShowJoinInput = z.infer<typeof showJoinSchema>;
export type ChatSendInput = z.input<typeof chatSendSchema>;
export type ChatConfigureInput = z.infer<typeof chatConfigureSchema>;
export type ModerationRestrictInput = z.infer<typeof moderationRestrictSchema>;
export type ModerationLiftInput = z.infer<typeof moderationLiftSchema>;
export type BlockedWordsSetInput = z.input<typeof blockedWordsSetSchema>;

// ---------- server -> client payloads ----------

/** A hold on units (the HTTP reservation routes answer the same shape). */
export const reservationHeldSchema = reservationSchema;
export type ReservationHeld = z.infer<typeof reservationHeldSchema>;

export const staffBadgeSchema = z.enum(['host', 'moderator', 'admin']).nullable();

export const chatMessageSchema = z.object({
  id,
  userId: id.nullable(),
  userName: z.string(),
  text: z.string(),
  createdAt: isoDate,
  badge: staffBadgeSchema,
  /** Present (true) only on copies sent to staff and to the shadow-banned author. */
  shadow: z.boolean().optional(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const pinnedProductSchema = z.object({
  showProductId: id,
  productId: id,
  title: z.string(),
  priceMinor: z.number().int(),
  flashPriceMinor: z.number().int().nullable(),
  currency: z.string(),
  imageUrl: z.string().nullable(),
});
export type PinnedProduct = z.infer<typeof pinnedProductSchema>;

export const showRoomStatusSchema = z.enum(['SCHEDULED', 'LIVE', 'RECONNECTING', 'ENDED', 'CANCELLED']);
export type ShowRoomStatus = z.infer<typeof showRoomStatusSchema>;

export const chatSettingsSchema = z.object({ slowModeSeconds: z.number().int(), chatRequiresSignIn: z.boolean() });
export type ChatSettings = z.infer<typeof chatSettingsSchema>;

export const restrictionSchema = z.object({ userId: id, kind: restrictionKindSchema, until: isoDate.nullable() });
export type Restriction = z.infer<typeof restrictionSchema>;

export const moderationChangedSchema = restrictionSchema.extend({ active: z.boolean() });

export const showStatusChangedSchema = z.object({
  status: showRoomStatusSchema,
  hlsUrl: z.string().nullable(),
  replayUrl: z.string().nullable(),
  scheduledStartAt: isoDate.optional(),
  at: isoDate,
});
export type ShowStatusChanged = z.infer<typeof showStatusChangedSchema>;

// Flash sales (issue 5 pushes these through realtime.emitToShow). SOLD_OUT is a display state of an ACTIVE sale.
// A sale's state carries everything a viewer's buy button shows (title, prices, currency), so a sale starting in a
// room of thousands needs no request from any of them.
// One spelling of a sale's status on every wire (HTTP and realtime): commerce-schemas' 'active' | 'sold_out' | 'ended'.
export { saleStatusSchema };
export const saleStateSchema = z.object({
  saleId: id,
  showProductId: id,
  productId: id,
  title: z.string(),
  currency: z.string(),
  regularPriceMinor: z.number().int(),
  priceMinor: z.number().int(),
  quantity: z.number().int(),
  remaining: z.number().int(),
  perBuyerLimit: z.number().int(),
  startsAt: isoDate,
  endsAt: isoDate,
  status: saleStatusSchema,
});
export type SaleState = z.infer<typeof saleStateSchema>;
export const saleStockChangedSchema = z.object({
  saleId: id,
  showProductId: id,
  remaining: z.number().int(),
  quantity: z.number().int(),
  status: saleStatusSchema,
});
export type SaleStockChanged = z.infer<typeof saleStockChangedSchema>;
export const saleEndedSchema = saleStockChangedSchema.extend({
  reason: z.enum(['sold_out', 'time_up', 'stopped']).optional(),
});
export type SaleEnded = z.infer<typeof saleEndedSchema>;

// Commerce cues (issue 17): every commerce event of a show carries `mediaTime`, the program date time of the video
// the host was showing when it happened. Viewers apply it when their own playhead reaches that time.
export const cueKinds = ['pin', 'unpin', 'price_changed', 'sale_started', 'sale_ended', 'sold_out'] as const;
export const cueKindSchema = z.enum(cueKinds);
export type CueKind = z.infer<typeof cueKindSchema>;
const pinsCue = <K extends 'pin' | 'unpin' | 'price_changed'>(kind: K) =>
  z.object({
    kind: z.literal(kind),
    showProductId: id,
    /** The pinned products after the change, and before it (a late joiner's state just before this cue). */
    pins: z.array(pinnedProductSchema),
    previousPins: z.array(pinnedProductSchema),
  });
export const cueEventSchema = z.discriminatedUnion('kind', [
  pinsCue('pin'),
  pinsCue('unpin'),
  pinsCue('price_changed'),
  z.object({ kind: z.literal('sale_started'), sale: saleStateSchema }),
  z.object({ kind: z.literal('sale_ended'), stock: saleEndedSchema }),
  z.object({ kind: z.literal('sold_out'), stock: saleStockChangedSchema }),
]);
export type CueEvent = z.infer<typeof cueEventSchema>;
export const showCueSchema = z.object({ id, mediaTime: isoDate, at: isoDate, event: cueEventSchema });
export type ShowCue = z.infer<typeof showCueSchema>;
/** What a cue adds to the broadcast that carries it. */
const onTimeline = { mediaTime: isoDate.optional() };

// Ordering by chat keyword: the private answer to the viewer who typed it, and the live count for the host.
export const keywordAnswerSchema = z.discriminatedUnion('kind', [
  z.object({
    showId: id,
    kind: z.literal('held'),
    title: z.string(),
    quantity: z.number().int(),
    orderId: z.string(),
    reservationId: z.string(),
    expiresAt: isoDate,
    remaining: z.number().int(),
    flash: z.boolean(),
    /** Units that came back and were offered to her place in the waitlist. */
    fromWaitlist: z.boolean(),
  }),
  z.object({
    showId: id,
    kind: z.literal('choose'),
    quantity: z.number().int(),
    options: z.array(z.object({ showProductId: id, title: z.string() })),
  }),
  z.object({ showId: id, kind: z.literal('waitlisted'), title: z.string(), position: z.number().int() }),
  z.object({ showId: id, kind: z.literal('refused'), message: z.string() }),
]);
export type KeywordAnswer = z.infer<typeof keywordAnswerSchema>;
export const keywordOrdersCountedSchema = z.object({ holds: z.number().int(), waiting: z.number().int() });

export const reactionBurstSchema = z.object({ counts: z.partialRecord(reactionKindSchema, z.number().int()) });
export type ReactionBurst = z.infer<typeof reactionBurstSchema>;

export const viewerSelfSchema = z.object({
  userId: id.nullable(),
  name: z.string().nullable(),
  canChat: z.boolean(),
  canModerate: z.boolean(),
  canPin: z.boolean(),
  restrictions: z.array(restrictionSchema),
});
export type ViewerSelf = z.infer<typeof viewerSelfSchema>;

export const joinStateSchema = z.object({
  show: z.object({ id, brandId: id, status: showRoomStatusSchema }).extend(chatSettingsSchema.shape),
  you: viewerSelfSchema,
  messages: z.array(chatMessageSchema),
  pins: z.array(pinnedProductSchema),
  viewers: z.number().int(),
  sales: z.array(saleStateSchema),
  /** The show's commerce cues of the last minutes, oldest first: a joiner behind live applies the rest on time. */
  cues: z.array(showCueSchema).default([]),
});
export type JoinState = z.infer<typeof joinStateSchema>;
/** What another service adds to the join snapshot (the flash sales add `sales`). */
export type JoinStateExtension = Partial<Pick<JoinState, 'sales' | 'cues'>>;

/** Every server-to-client event with its schema: the server validates before sending; clients may too. */
export const serverEventSchemas = {
  'chat:message-created': chatMessageSchema,
  'chat:message-deleted': z.object({ messageId: id }),
  'chat:messages-purged': z.object({ userId: id }),
  'chat:settings-changed': chatSettingsSchema,
  'moderation:changed': moderationChangedSchema,
  'reaction:burst': reactionBurstSchema,
  'presence:count-changed': z.object({ viewers: z.number().int() }),
  'pin:changed': z.object({ pins: z.array(pinnedProductSchema), ...onTimeline }),
  'show:status-changed': showStatusChangedSchema,
  'sale:started': saleStateSchema.extend(onTimeline),
  'sale:stock-changed': saleStockChangedSchema.extend(onTimeline),
  'sale:ended': saleEndedSchema.extend(onTimeline),
  // One account's sockets (user room) and a brand's chat staff (brand-staff room): conversations and the inbox.
  'conversation:message-created': conversationMessageCreatedSchema,
  'conversation:updated': conversationUpdatedSchema,
  'conversation:typing': conversationTypingSchema,
  'conversation:read': conversationReadSchema,
  'inbox:changed': z.object({}),
  'keyword:answered': keywordAnswerSchema,
  'keyword:orders-counted': keywordOrdersCountedSchema,
} as const;

/**
 * Room-wide events leave a node in batches: one frame carries several events, each as [name, payload] and each
 * valid against serverEventSchemas. Clients unpack a batch and handle its events in order.
 */
export const roomBatchSchema = z.object({ events: z.array(z.tuple([z.string(), z.unknown()])) });
export type RoomBatch = z.infer<typeof roomBatchSchema>;

type ServerEventName = keyof typeof serverEventSchemas;
export type ServerEventPayload<E extends ServerEventName> = z.infer<(typeof serverEventSchemas)[E]>;
export type ServerToClientEvents = { [E in ServerEventName]: (payload: ServerEventPayload<E>) => void } & {
  'room:batch': (batch: RoomBatch) => void;
};

/** Events another server module may push into a show's room through `realtime.emitToShow`. */
export const showBroadcastEvents = [
  'sale:started',
  'sale:stock-changed',
  'sale:ended',
  'show:status-changed',
  'pin:changed',
  'keyword:orders-counted',
] as const;
export type ShowBroadcastEvent = (typeof showBroadcastEvents)[number];

/** Events for the rooms beside the show rooms: every socket of one account, and a brand's chat staff. */
export const userEvents = [
  'conversation:message-created',
  'conversation:updated',
  'conversation:typing',
  'conversation:read',
  'inbox:changed',
  'keyword:answered',
] as const;
export type UserEvent = (typeof userEvents)[number];
export const brandStaffEvents = [
  'conversation:message-created',
  'conversation:updated',
  'conversation:typing',
  'conversation:read',
] as const;
export type BrandStaffEvent = (typeof brandStaffEvents)[number];

// ---------- client -> server events ----------

/**
 * Every client-to-server command, once: its payload schema (the server parses with it) and its ack's data schema.
 * The server's handler types, the command list and the web's typed `command()` are all derived from this map.
 * `optionalAck`: fire-and-forget commands a client may send without an ack callback.
 */
export const clientCommands = {
  'show:join': { payload: showJoinSchema, ack: joinStateSchema },
  'show:leave': { payload: showLeaveSchema, ack: z.null(), optionalAck: true },
  'chat:send': { payload: chatSendSchema, ack: chatMessageSchema },
  'chat:delete': { payload: chatDeleteSchema, ack: z.object({ messageId: id }) },
  'chat:configure': { payload: chatConfigureSchema, ack: chatSettingsSchema },
  'reaction:send': { payload: reactionSendSchema, ack: z.null(), optionalAck: true },
  'moderation:restrict': { payload: moderationRestrictSchema, ack: restrictionSchema },
  'moderation:lift': { payload: moderationLiftSchema, ack: z.null() },
  'moderation:list': {
    payload: moderationListSchema,
    ack: z.object({ restrictions: z.array(restrictionSchema), blockedWords: z.array(z.string()) }),
  },
  'moderation:set-blocked-words': {
    payload: blockedWordsSetSchema,
    ack: z.object({ blockedWords: z.array(z.string()) }),
  },
  'pin:add': { payload: pinChangeSchema, ack: z.object({ pins: z.array(pinnedProductSchema) }) },
  'pin:remove': { payload: pinChangeSchema, ack: z.object({ pins: z.array(pinnedProductSchema) }) },
  'sale:reserve': { payload: saleReserveSchema, ack: reservationHeldSchema },
  'order:cancel': { payload: orderCancelSchema, ack: z.object({ orderId: z.string(), status: z.enum(orderStatuses) }) },
  /** "I am typing" in a conversation (a customer in hers, staff in their brand's). */
  'conversation:typing': { payload: conversationTypingInputSchema, ack: z.null(), optionalAck: true },
  'analytics:track': { payload: analyticsTrackSchema, ack: z.null(), optionalAck: true },
  'playback:report': { payload: playbackReportSchema, ack: z.null(), optionalAck: true },
  'keyword:choose': { payload: keywordChooseSchema, ack: keywordAnswerSchema },
} as const satisfies Record<string, { payload: z.ZodType; ack: z.ZodType; optionalAck?: true }>;

export type CommandName = keyof typeof clientCommands;
/** What a client sends (before defaults). */
export type CommandPayload<E extends CommandName> = z.input<(typeof clientCommands)[E]['payload']>;
/** The data of a successful ack. */
export type CommandAck<E extends CommandName> = z.output<(typeof clientCommands)[E]['ack']>;

export type ClientToServerEvents = {
  [E in CommandName]: (typeof clientCommands)[E] extends { optionalAck: true }
    ? (payload: CommandPayload<E>, ack?: Ack<CommandAck<E>>) => void
    : (payload: CommandPayload<E>, ack: Ack<CommandAck<E>>) => void;
};

export const clientCommandNames = Object.keys(clientCommands) as CommandName[];

// ---------- between server nodes (through the adapter) ----------

export interface PresenceReport {
  nodeId: string;
  /** showId -> distinct viewers connected to that node */
  counts: Record<string, number>;
}
export interface ReactionBatch {
  nodeId: string;
  shows: Record<string, ReactionBurst['counts']>;
}

export interface InterServerEvents {
  'presence:report': (report: PresenceReport) => void;
  'reaction:batch': (batch: ReactionBatch) => void;
  /** A show's chat settings, brand words or moderation changed: drop cached copies. */
  'show:context-changed': (change: { showId: string; brandId: string }) => void;
}

// ---------- per-socket state (restored with the connection on recovery, so plain JSON only) ----------

export interface SocketViewer {
  userId: string;
  name: string;
  /** brandId -> roles held there */
  roles: Record<string, Array<'ADMIN' | 'HOST' | 'MODERATOR' | 'ADVISOR'>>;
}

export interface SocketData {
  viewer: SocketViewer | null;
  anonId: string | null;
  showId: string | null;
  /** How far behind live this socket reported watching (ms, its last few `playback:report`s), for the fair start. */
  playbackLagsMs?: number[];
}
