// The conversations' wire shapes, shared by server and web (zod and type imports only: browser code imports this).
import { z } from 'zod';
import { entityId, textField } from '../fields/text-fields';

export const conversationTextMaxLength = 2000;
export const conversationStatuses = ['OPEN', 'PENDING', 'SNOOZED', 'RESOLVED'] as const;
export const conversationStatusSchema = z.enum(conversationStatuses);
export const conversationModeSchema = z.enum(['BOT', 'HUMAN']);
export const conversationSenderSchema = z.enum(['CUSTOMER', 'STAFF', 'BOT']);
export const conversationKindSchema = z.enum(['TEXT', 'IMAGE', 'PRODUCT']);

/** Message text as typed: NFC, no control characters except line breaks, at most 2,000 characters. */
export const conversationTextSchema = z.string().max(4 * conversationTextMaxLength).pipe(textField({ max: conversationTextMaxLength, required: true, multiline: true }));

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
  unread: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  q: z.string().max(200).pipe(textField({ max: 100 })).optional(),
  cursor: entityId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type ConversationListQuery = z.input<typeof conversationListQuerySchema>;

export const messagePageQuerySchema = z.object({
  /** Older than this message (seq as a decimal string). */
  before: z.string().regex(/^\d{1,19}$/).optional(),
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

export const conversationMessageCreatedSchema = z.object({ brandId: entityId, conversation: conversationSummarySchema, message: conversationMessageSchema });
export const conversationUpdatedSchema = z.object({ conversation: conversationSummarySchema });
export const conversationTypingSchema = z.object({ conversationId: entityId, side: z.enum(['customer', 'staff']), name: z.string() });
export const conversationReadSchema = z.object({ conversationId: entityId, side: z.enum(['customer', 'staff']), at: z.string() });
/** Client -> server: "I am typing" in a conversation (throttled by the client; checked against access). */
export const conversationTypingInputSchema = z.strictObject({ conversationId: entityId });
