// The conversations' wire shapes, shared by server and web (zod and type imports only: browser code imports this).
import { z } from 'zod';
import { entityId, textField } from '../fields/text-fields';
import { inboxItemSchema } from '../announcements/announcement-schemas';
import { defineRoute, listSchema, pageSchema } from '../http/route-schemas';

export const conversationTextMaxLength = 2000;
export const conversationStatuses = ['OPEN', 'PENDING', 'SNOOZED', 'RESOLVED'] as const;
export const conversationStatusSchema = z.enum(conversationStatuses);
export const conversationModeSchema = z.enum(['BOT', 'HUMAN']);
export const conversationSenderSchema = z.enum(['CUSTOMER', 'STAFF', 'BOT']);
export const conversationKindSchema = z.enum(['TEXT', 'IMAGE', 'PRODUCT']);

/** Message text as typed: NFC, no control characters except line breaks, at most 2,000 characters. */
export const conversationTextSchema = z
  .string()
  .max(4 * conversationTextMaxLength)
  .pipe(textField({ max: conversationTextMaxLength, required: true, multiline: true }));

/** A product card with the price and stock of the moment it is read (never those of when it was sent). */
export const productCardSchema = z.object({
  productId: entityId,
  title: z.string(),
  priceMinor: z.number().int(),
  currency: z.string(),
  imageUrl: z.string().nullable(),
  stock: z.object({ status: z.enum(['in_stock', 'low', 'sold_out']), left: z.number().int().nullable() }),
  available: z.boolean(),
});
export type ProductCard = z.infer<typeof productCardSchema>;

export const conversationMessageSchema = z.object({
  id: entityId,
  conversationId: entityId,
  /** Keyset position (a bigint as a decimal string). */
  seq: z.string(),
  sender: conversationSenderSchema,
  authorName: z.string(),
  kind: conversationKindSchema,
  text: z.string(),
  imageUrl: z.string().nullable(),
  product: productCardSchema.nullable(),
  private: z.boolean(),
  createdAt: z.string(),
});
export type ConversationMessageView = z.infer<typeof conversationMessageSchema>;

/** One row of the console's list and of the customer's inbox. */
export const conversationSummarySchema = z.object({
  id: entityId,
  brandId: entityId,
  brandName: z.string(),
  customer: z.object({ userId: entityId.nullable(), followerId: entityId.nullable(), name: z.string() }),
  channel: z.enum(['WEB', 'LINE']),
  status: conversationStatusSchema,
  mode: conversationModeSchema,
  assignee: z.object({ userId: entityId, name: z.string() }).nullable(),
  snoozedUntil: z.string().nullable(),
  lastMessageAt: z.string(),
  lastMessagePreview: z.string(),
  /** For staff: the customer's messages nobody on staff read yet; for the customer: the brand's. */
  unread: z.number().int(),
  /** When the other side last read the thread (read receipts). */
  otherSideReadAt: z.string().nullable(),
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

// ---------- HTTP inputs ----------

export const customerSendSchema = z.union([
  z.strictObject({ text: conversationTextSchema, productId: entityId.optional() }),
  z.strictObject({ productId: entityId }),
]);
export const staffBalloonSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('TEXT'), text: conversationTextSchema, private: z.boolean().default(false) }),
  z.strictObject({ kind: z.literal('PRODUCT'), productId: entityId }),
]);
export type StaffBalloonInput = z.input<typeof staffBalloonSchema>;

export const conversationListQuerySchema = z.object({
  status: conversationStatusSchema.optional(),
  scope: z.enum(['mine', 'unassigned', 'all']).default('all'),
  tagId: entityId.optional(),
  unread: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  q: z
    .string()
    .max(200)
    .pipe(textField({ max: 100 }))
    .optional(),
  cursor: entityId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type ConversationListQuery = z.input<typeof conversationListQuerySchema>;

export const messagePageQuerySchema = z.object({
  /** Older than this message (seq as a decimal string). */
  before: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const conversationPatchSchema = z
  .strictObject({
    status: conversationStatusSchema.optional(),
    snoozedUntil: z.iso.datetime().optional(),
    assigneeId: entityId.nullable().optional(),
    mode: conversationModeSchema.optional(),
  })
  .refine((value) => Object.keys(value).length > 0, 'nothing to change')
  .refine((value) => value.status !== 'SNOOZED' || value.snoozedUntil !== undefined, 'snoozing needs snoozedUntil');
export type ConversationPatch = z.infer<typeof conversationPatchSchema>;

export const cannedReplyInputSchema = z.strictObject({
  shortCode: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'use a-z, 0-9, _ or -, at most 32'),
  text: conversationTextSchema,
});
export type CannedReplyInput = z.infer<typeof cannedReplyInputSchema>;

// ---------- realtime events (server -> client; part of server/realtime/contract.ts) ----------

export const conversationMessageCreatedSchema = z.object({
  brandId: entityId,
  conversation: conversationSummarySchema,
  message: conversationMessageSchema,
});
export const conversationUpdatedSchema = z.object({ conversation: conversationSummarySchema });
export const conversationTypingSchema = z.object({
  conversationId: entityId,
  side: z.enum(['customer', 'staff']),
  name: z.string(),
});
export const conversationReadSchema = z.object({
  conversationId: entityId,
  side: z.enum(['customer', 'staff']),
  at: z.string(),
});
/** Client -> server: "I am typing" in a conversation (throttled by the client; checked against access). */
export const conversationTypingInputSchema = z.strictObject({ conversationId: entityId });

// ---------- answers and routes (server/http/route-schemas.ts) ----------

/** A message as stored, with its conversation's new summary (what a send answers and the realtime event carries). */
export const storedMessageSchema = z.object({
  conversation: conversationSummarySchema,
  message: conversationMessageSchema,
});
export type StoredMessageView = z.infer<typeof storedMessageSchema>;
/** A page of a thread, oldest first; `before` is passed back to page further back (null: the start). */
export const messagePageSchema = z.object({ items: z.array(conversationMessageSchema), before: z.string().nullable() });
export const conversationCountsSchema = z.object({
  status: z.record(z.string(), z.number().int()),
  mine: z.number().int(),
  unassigned: z.number().int(),
  unread: z.number().int(),
});
export type ConversationCounts = z.infer<typeof conversationCountsSchema>;
export const chatStaffMemberSchema = z.object({ userId: z.string(), name: z.string(), roles: z.array(z.string()) });
export const cannedReplySchema = z.object({ id: z.string(), shortCode: z.string(), text: z.string() });
export type CannedReply = z.infer<typeof cannedReplySchema>;
const namedSchema = z.object({ id: z.string(), name: z.string() });
export const customerPanelSchema = z.object({
  name: z.string(),
  email: z.string().nullable(),
  channel: z.enum(['WEB', 'LINE']),
  followerId: z.string().nullable(),
  following: z.boolean(),
  note: z.string(),
  tags: z.array(namedSchema),
  interests: z.array(namedSchema),
  orders: z.array(
    z.object({
      id: z.string(),
      status: z.string(),
      totalMinor: z.number().int(),
      currency: z.string(),
      createdAt: z.string(),
      items: z.array(z.object({ title: z.string(), quantity: z.number().int() })),
    }),
  ),
  shows: z.array(z.object({ id: z.string(), title: z.string(), scheduledStartAt: z.string() })),
  firstContactAt: z.string(),
  messageCount: z.number().int(),
  /** Her other conversations with the brand (the web account's and the LINE follower's are one person). */
  pastConversations: z.array(
    z.object({
      id: z.string(),
      channel: z.enum(['WEB', 'LINE']),
      status: conversationStatusSchema,
      lastMessageAt: z.string(),
      lastMessagePreview: z.string(),
    }),
  ),
});
export type CustomerPanel = z.infer<typeof customerPanelSchema>;

/** What happened between her and the brand, one line each (server/conversations/customer-timeline.ts). */
export const timelineEventKinds = [
  'conversation_started',
  'conversation_resolved',
  'order_paid',
  'order_refunded',
  'show_attended',
  'survey_answered',
  'offer_sent',
  'offer_used',
  'appointment_booked',
  'appointment_cancelled',
  'appointment_no_show',
  'menu_tap',
] as const;
export const timelineEventSchema = z.object({
  /** Unique in her timeline: `kind:id`. */
  key: z.string(),
  kind: z.enum(timelineEventKinds),
  at: z.string(),
  /** The order's items, the show's, survey's, offer's or appointment type's title, the button's label. */
  label: z.string(),
  /** The offer's code, the appointment's time and boutique, the menu's name. */
  detail: z.string().nullable(),
  /** The conversation, show or order the line opens (kind tells which). */
  linkId: z.string().nullable(),
  amountMinor: z.number().int().nullable(),
  currency: z.string().nullable(),
});
export type TimelineEvent = z.infer<typeof timelineEventSchema>;
export const timelineQuerySchema = z.object({
  cursor: z.string().max(80).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const timelinePageSchema = pageSchema(timelineEventSchema).extend({
  /** The brand's time zone (its business hours'), for showing the times. */
  timeZone: z.string(),
});

export const conversationStartSchema = z.union([
  z.strictObject({ brandId: entityId, text: conversationTextSchema, productId: entityId.optional() }),
  z.strictObject({ brandId: entityId, productId: entityId }),
]);

const tags = ['Conversations'] as const;
const chat = ['ADMIN', 'ADVISOR'] as const;
const mine = ['My conversations'] as const;
const brandParams = z.object({ brandId: entityId });
const conversationParams = z.object({ conversationId: entityId });
const brandConversationParams = z.object({ brandId: entityId, conversationId: entityId });
const productQuery = z.object({
  q: z
    .string()
    .max(200)
    .pipe(textField({ max: 100 }))
    .optional(),
});
const sendErrors = ['RATE_LIMITED'] as const;
const imageErrors = ['RATE_LIMITED', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE'] as const;
const base = '/api/brands/:brandId/conversations';

export const conversationRoutes = {
  // ---- staff (admins and client advisors of the brand) ----
  list: defineRoute({
    method: 'GET',
    path: base,
    summary: "A page of the brand's conversations, newest message first",
    tags,
    auth: 'staff',
    roles: chat,
    params: brandParams,
    query: conversationListQuerySchema,
    response: pageSchema(conversationSummarySchema),
  }),
  counts: defineRoute({
    method: 'GET',
    path: `${base}/counts`,
    summary: 'Conversations per status, mine, unassigned and unread',
    tags,
    auth: 'staff',
    roles: chat,
    params: brandParams,
    response: conversationCountsSchema,
  }),
  chatStaff: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/chat-staff',
    summary: 'Members who can hold conversations',
    tags,
    auth: 'staff',
    roles: chat,
    params: brandParams,
    response: listSchema(chatStaffMemberSchema),
  }),
  get: defineRoute({
    method: 'GET',
    path: `${base}/:conversationId`,
    summary: 'One conversation',
    tags,
    auth: 'staff',
    roles: chat,
    params: brandConversationParams,
    response: conversationSummarySchema,
  }),
  customerPanel: defineRoute({
    method: 'GET',
    path: `${base}/:conversationId/customer`,
    summary: "The customer's tags, notes, orders and shows beside the thread",
    tags,
    auth: 'staff',
    roles: chat,
    params: brandConversationParams,
    response: customerPanelSchema,
  }),
  customerTimeline: defineRoute({
    method: 'GET',
    path: `${base}/:conversationId/customer/timeline`,
    summary:
      'Her chats, orders, shows, survey answers, offers, appointments and menu taps with the brand, newest first (pages by cursor)',
    tags,
    auth: 'staff',
    roles: chat,
    params: brandConversationParams,
    query: timelineQuerySchema,
    response: timelinePageSchema,
  }),
  messages: defineRoute({
    method: 'GET',
    path: `${base}/:conversationId/messages`,
    summary: 'A page of the thread (private notes included)',
    tags,
    auth: 'staff',
    roles: chat,
    params: brandConversationParams,
    query: messagePageQuerySchema,
    response: messagePageSchema,
  }),
  send: defineRoute({
    method: 'POST',
    path: `${base}/:conversationId/messages`,
    summary: 'Send a text, a private note or a product card',
    tags,
    auth: 'staff',
    roles: chat,
    params: brandConversationParams,
    body: staffBalloonSchema,
    status: 201,
    response: storedMessageSchema,
    errors: sendErrors,
  }),
  sendImage: defineRoute({
    method: 'POST',
    path: `${base}/:conversationId/images`,
    summary: 'Send an image (JPEG, PNG or WebP, at most 5 MB)',
    tags,
    auth: 'staff',
    roles: chat,
    params: brandConversationParams,
    body: 'multipart',
    status: 201,
    response: storedMessageSchema,
    errors: imageErrors,
  }),
  update: defineRoute({
    method: 'PATCH',
    path: `${base}/:conversationId`,
    summary: 'Change status, snooze, assignee (handover) or mode',
    tags,
    auth: 'staff',
    roles: chat,
    params: brandConversationParams,
    body: conversationPatchSchema,
    response: conversationSummarySchema,
  }),
  read: defineRoute({
    method: 'POST',
    path: `${base}/:conversationId/read`,
    summary: 'Mark the thread read by staff',
    tags,
    auth: 'staff',
    roles: chat,
    params: brandConversationParams,
    response: conversationSummarySchema,
  }),
  exportCsv: defineRoute({
    method: 'GET',
    path: `${base}/:conversationId/export.csv`,
    summary: 'The whole thread as CSV',
    tags,
    auth: 'staff',
    roles: chat,
    params: brandConversationParams,
    response: { contentType: 'text/csv', description: 'One row per message (private notes marked).' },
  }),
  productCards: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/product-cards',
    summary: "The composer's product picker",
    tags,
    auth: 'staff',
    roles: chat,
    params: brandParams,
    query: productQuery,
    response: listSchema(productCardSchema),
  }),
  cannedReplies: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/canned-replies',
    summary: "The brand's canned replies",
    tags,
    auth: 'staff',
    roles: chat,
    params: brandParams,
    response: listSchema(cannedReplySchema),
  }),
  saveCannedReply: defineRoute({
    method: 'PUT',
    path: '/api/brands/:brandId/canned-replies',
    summary: 'Add or replace a canned reply by its short code',
    tags,
    auth: 'staff',
    roles: chat,
    params: brandParams,
    body: cannedReplyInputSchema,
    response: cannedReplySchema,
    errors: ['CONFLICT'],
  }),
  deleteCannedReply: defineRoute({
    method: 'DELETE',
    path: '/api/brands/:brandId/canned-replies/:id',
    summary: 'Delete a canned reply',
    tags,
    auth: 'staff',
    roles: chat,
    params: brandParams.extend({ id: entityId }),
    response: null,
  }),

  // ---- the customer's side ----
  productCard: defineRoute({
    method: 'GET',
    path: '/api/products/:productId/card',
    summary: "A product's card (title, price, stock status)",
    tags: mine,
    auth: 'public',
    params: z.object({ productId: entityId }),
    response: productCardSchema,
  }),
  myList: defineRoute({
    method: 'GET',
    path: '/api/me/conversations',
    summary: 'My conversations with brands, newest first',
    tags: mine,
    auth: 'session',
    response: listSchema(conversationSummarySchema),
  }),
  myUnreadCount: defineRoute({
    method: 'GET',
    path: '/api/me/conversations/unread-count',
    summary: "How many of the brands' messages I have not read",
    tags: mine,
    auth: 'session',
    response: z.object({ count: z.number().int() }),
  }),
  start: defineRoute({
    method: 'POST',
    path: '/api/me/conversations',
    summary: 'Write to a brand (starts or continues the one conversation with it)',
    tags: mine,
    auth: 'session',
    body: conversationStartSchema,
    status: 201,
    response: storedMessageSchema,
    errors: sendErrors,
  }),
  myGet: defineRoute({
    method: 'GET',
    path: '/api/me/conversations/:conversationId',
    summary: 'One of my conversations',
    tags: mine,
    auth: 'session',
    params: conversationParams,
    response: conversationSummarySchema,
  }),
  myMessages: defineRoute({
    method: 'GET',
    path: '/api/me/conversations/:conversationId/messages',
    summary: 'A page of my thread',
    tags: mine,
    auth: 'session',
    params: conversationParams,
    query: messagePageQuerySchema,
    response: messagePageSchema,
  }),
  myAnnouncements: defineRoute({
    method: 'GET',
    path: '/api/me/conversations/:conversationId/announcements',
    summary: "The brand's announcement balloons to me, shown in the thread by time (newest first, pages by cursor)",
    tags: mine,
    auth: 'session',
    params: conversationParams,
    query: z.object({ cursor: entityId.optional() }),
    response: pageSchema(inboxItemSchema),
  }),
  mySend: defineRoute({
    method: 'POST',
    path: '/api/me/conversations/:conversationId/messages',
    summary: 'Send a text or a product question',
    tags: mine,
    auth: 'session',
    params: conversationParams,
    body: customerSendSchema,
    status: 201,
    response: storedMessageSchema,
    errors: sendErrors,
  }),
  mySendImage: defineRoute({
    method: 'POST',
    path: '/api/me/conversations/:conversationId/images',
    summary: 'Send an image (JPEG, PNG or WebP, at most 5 MB)',
    tags: mine,
    auth: 'session',
    params: conversationParams,
    body: 'multipart',
    status: 201,
    response: storedMessageSchema,
    errors: imageErrors,
  }),
  myRead: defineRoute({
    method: 'POST',
    path: '/api/me/conversations/:conversationId/read',
    summary: 'Mark my thread read',
    tags: mine,
    auth: 'session',
    params: conversationParams,
    response: conversationSummarySchema,
  }),
};
