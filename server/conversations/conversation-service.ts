// The seam every channel writes through: a customer message in (web or LINE), a staff or bot message out. Each
// stores the message, updates the conversation, delivers it live to the customer's sockets and the brand's chat
// staff, and (customer messages) calls the automation hooks afterwards without waiting for them.
import { AppError, notFound } from '../errors/app-error';
import type { ConversationMessageView, ConversationSummary } from './conversation-schemas';
import { storeChatImage } from './conversation-images';
import { brandOfConversation } from './conversation-brands';
import { writeOutgoingMessage, type WrittenMessage } from './message-writes';
import type {
  Balloon,
  ConversationContext,
  CustomerMessageEvent,
  CustomerRef,
  OutboundBalloon,
  QuickReply,
} from './conversation-ports';
import { previewOf, productCards, toMessageView, toSummary, type ConversationRow } from './conversation-view';

/** An offline customer hears about replies at most once per conversation per this many ms. */
export const offlineNoticeGapMs = 5 * 60_000;

export interface StoredMessage {
  conversation: ConversationSummary;
  message: ConversationMessageView;
}

export interface CustomerMessageInput {
  channel: 'web' | 'line';
  /** Needed to start a conversation; with `knownConversationId` only for a product or an image (else looked up). */
  brandId?: string;
  customer: CustomerRef;
  text?: string;
  /** Raw image bytes (checked, resized and stored here) or a key already stored through the storage port. */
  image?: { bytes: Buffer } | { key: string };
  /** The product the customer asks about ("Ask about this"), shown as a card in the thread. */
  productId?: string;
  /** The conversation's id when the caller knows it (of `brandId`); the write itself checks it is this customer's. */
  knownConversationId?: string;
}

async function checkedProduct(ctx: ConversationContext, brandId: string, productId: string) {
  const product = await ctx.db.product.findFirst({
    where: { id: productId, brandId, archivedAt: null },
    select: { id: true, title: true },
  });
  if (!product) throw notFound('product');
  return product;
}

/** The summary and message as clients see them; the names came with the write, a product card needs a read. */
async function views(ctx: ConversationContext, { row, message, names }: WrittenMessage, side: 'staff' | 'customer') {
  const cards = message.productId
    ? await productCards(ctx.db, ctx.storage, row.brandId, [message.productId])
    : new Map<string, never>();
  return { conversation: toSummary(row, side, names), message: toMessageView(message, ctx.storage, cards), names };
}

/** Live delivery: the brand's chat staff always; the customer unless it is a private note. */
function deliver(
  ctx: ConversationContext,
  row: ConversationRow,
  staffView: StoredMessage,
  customerView: StoredMessage | null,
) {
  ctx.realtime.emitToBrandStaff(row.brandId, 'conversation:message-created', { brandId: row.brandId, ...staffView });
  if (customerView && row.userId) {
    ctx.realtime.emitToUser(row.userId, 'conversation:message-created', { brandId: row.brandId, ...customerView });
    if (customerView.message.sender !== 'CUSTOMER') ctx.realtime.inboxChanged(row.userId);
  }
}

export async function receiveCustomerMessage(
  ctx: ConversationContext,
  input: CustomerMessageInput,
): Promise<StoredMessage> {
  const text = input.text ?? '';
  if (!text && !input.image && !input.productId)
    throw new AppError('VALIDATION_FAILED', 'write a message, attach an image or a product');
  const known = input.knownConversationId;
  // A text sent by id needs no brand before the write (which checks the conversation is hers); a product or an
  // image does (the product must be the brand's; images are stored under it).
  const brandId =
    input.brandId ?? (known && (input.productId || input.image) ? await brandOfConversation(ctx.db, known) : null);
  if (!known) {
    const brand = brandId ? await ctx.db.brand.findUnique({ where: { id: brandId }, select: { id: true } }) : null;
    if (!brand) throw notFound('brand');
  }
  if (!brandId && (input.productId || input.image)) throw notFound('conversation');
  const product = input.productId && brandId ? await checkedProduct(ctx, brandId, input.productId) : null;
  const imageKey =
    input.image && brandId
      ? 'key' in input.image
        ? input.image.key
        : await storeChatImage(ctx.storage, brandId, input.image.bytes)
      : null;
  const kind = imageKey ? 'IMAGE' : text ? 'TEXT' : 'PRODUCT';
  const preview = previewOf(kind, text, product?.title);
  const now = new Date();
  let conversationId = known;
  let firstMessage = false;
  if (!conversationId) {
    const brand = brandId!;
    const who =
      'userId' in input.customer ? { userId: input.customer.userId } : { followerId: input.customer.followerId };
    const key =
      'userId' in input.customer
        ? { brandId_userId: { brandId: brand, userId: input.customer.userId } }
        : { brandId_followerId: { brandId: brand, followerId: input.customer.followerId } };
    if ('followerId' in input.customer) {
      const follower = await ctx.db.follower.findFirst({
        where: { id: input.customer.followerId, brandId: brand },
        select: { id: true },
      });
      if (!follower) throw notFound('customer');
    }
    const existing = await ctx.db.conversation.findUnique({ where: key, select: { id: true } });
    firstMessage = !existing;
    // The conversation exists from here on (one per brand and customer; a concurrent first message finds it).
    conversationId =
      existing?.id ??
      (
        await ctx.db.conversation.upsert({
          where: key,
          create: { brandId: brand, ...who, channel: input.channel === 'line' ? 'LINE' : 'WEB' },
          update: {},
          select: { id: true },
        })
      ).id;
  }
  // One round trip, shared with the other messages arriving meanwhile: the ownership check, the message, the
  // conversation's new state and its names.
  const written = await ctx.customerMessages.write({
    conversationId,
    brandId,
    customer: input.customer,
    kind,
    text,
    imageKey,
    productId: product?.id ?? null,
    preview,
    at: now,
  });
  if (!written) throw notFound('conversation');
  const { row } = written;
  const { conversation, message: view, names } = await views(ctx, written, 'staff');
  const customerView = { conversation: toSummary(row, 'customer', names), message: view };
  deliver(ctx, row, { conversation, message: view }, customerView);
  const event: CustomerMessageEvent = {
    brandId: row.brandId,
    conversation,
    message: view,
    mode: row.mode,
    lastHumanReplyAt: row.lastHumanReplyAt,
    channel: input.channel,
    firstMessage,
  };
  for (const hook of ctx.hooks.onCustomerMessage) {
    // After delivery, never in its way: a slow or failing rule cannot hold up or lose the customer's message.
    setImmediate(() => {
      Promise.resolve()
        .then(() => hook(event))
        .catch((error: unknown) =>
          ctx.log.warn({ err: error, conversationId: row.id }, 'conversations: an onCustomerMessage hook failed'),
        );
    });
  }
  return customerView;
}

export interface OutgoingInput {
  brandId: string;
  conversationId: string;
  balloon: Balloon;
  /** LINE only: taps under this balloon (ignored for web customers, who answer through the page). */
  quickReplies?: QuickReply[];
}

async function storeOutgoing(
  ctx: ConversationContext,
  input: OutgoingInput,
  sender: 'STAFF' | 'BOT',
  author: { userId: string | null; name: string },
  isPrivate: boolean,
) {
  const { balloon } = input;
  if (isPrivate && balloon.kind !== 'text') throw new AppError('VALIDATION_FAILED', 'private notes are text');
  const product = balloon.kind === 'product' ? await checkedProduct(ctx, input.brandId, balloon.productId) : null;
  const kind = balloon.kind === 'text' ? 'TEXT' : balloon.kind === 'image' ? 'IMAGE' : 'PRODUCT';
  const text = balloon.kind === 'text' ? balloon.text : '';
  // One round trip: the brand check, the message and the conversation's new state (see message-writes.ts).
  const written = await writeOutgoingMessage(ctx.db, {
    conversationId: input.conversationId,
    brandId: input.brandId,
    sender,
    author,
    private: isPrivate,
    kind,
    text,
    imageKey: balloon.kind === 'image' ? balloon.imageKey : null,
    productId: product?.id ?? null,
    preview: previewOf(kind, text, product?.title),
    at: new Date(),
  });
  if (!written) throw notFound('conversation');
  const { row } = written;
  const staff = await views(ctx, written, 'staff');
  const staffView = { conversation: staff.conversation, message: staff.message };
  const customerView = isPrivate
    ? null
    : { conversation: toSummary(row, 'customer', staff.names), message: staff.message };
  deliver(ctx, row, staffView, customerView);
  if (!isPrivate) afterOutgoing(ctx, row, staff.message, input.quickReplies);
  return { staffView, customerView };
}

/** LINE followers get the balloon through the LINE port; web customers without an open socket get a notice. */
function afterOutgoing(
  ctx: ConversationContext,
  row: ConversationRow,
  message: ConversationMessageView,
  quickReplies?: QuickReply[],
) {
  void (async () => {
    const lineUserId = row.follower?.lineUserId;
    if (row.channel === 'LINE' && row.followerId && lineUserId && ctx.line.port) {
      await ctx.line.port.send({
        brandId: row.brandId,
        conversationId: row.id,
        followerId: row.followerId,
        lineUserId,
        messageId: message.id,
        balloons: [toOutbound(ctx, message)],
        ...(quickReplies?.length ? { quickReplies } : {}),
      });
      return;
    }
    if (!ctx.notifyOffline || !row.userId) return;
    const since = new Date(Date.now() - offlineNoticeGapMs);
    // Told within the last few minutes (the row as just written says so), or reading now: no query at all.
    if (row.customerNotifiedAt && row.customerNotifiedAt >= since) return;
    if (await ctx.isOnline(row.userId)) return;
    // The conditional update is the once-per-few-minutes guard across processes: only one sender wins it.
    const claimed = await ctx.db.conversation.updateMany({
      where: { id: row.id, OR: [{ customerNotifiedAt: null }, { customerNotifiedAt: { lt: since } }] },
      data: { customerNotifiedAt: new Date() },
    });
    if (claimed.count === 0) return;
    await ctx.notifyOffline({
      conversationId: row.id,
      brandId: row.brandId,
      userId: row.userId,
      followerId: row.followerId,
      preview: row.lastMessagePreview,
    });
  })().catch((error: unknown) =>
    ctx.log.warn({ err: error, conversationId: row.id }, 'conversations: delivering a reply outside the site failed'),
  );
}

export function toOutbound(ctx: ConversationContext, message: ConversationMessageView): OutboundBalloon {
  if (message.kind === 'IMAGE' && message.imageUrl)
    return { kind: 'image', url: new URL(message.imageUrl, ctx.publicBaseUrl).toString() };
  if (message.kind === 'PRODUCT' && message.product) {
    const card = message.product;
    return {
      kind: 'product',
      productId: card.productId,
      title: card.title,
      priceMinor: card.priceMinor,
      currency: card.currency,
      imageUrl: card.imageUrl ? new URL(card.imageUrl, ctx.publicBaseUrl).toString() : null,
      url: new URL(`/me/chats/${encodeURIComponent(message.conversationId)}`, ctx.publicBaseUrl).toString(),
      available: card.available,
    };
  }
  return { kind: 'text', text: message.text };
}

export interface StaffMessageInput extends OutgoingInput {
  staff: { userId: string; name: string };
  /** A private note: stored in the thread for staff, never sent to the customer. */
  private?: boolean;
}

/** A person on the brand's staff answers (or leaves a private note). Switches the conversation to human mode. */
export async function sendStaffMessage(ctx: ConversationContext, input: StaffMessageInput): Promise<StoredMessage> {
  const { staffView } = await storeOutgoing(ctx, input, 'STAFF', input.staff, input.private ?? false);
  return staffView;
}

/** The brand's bot answers (keyword rules, welcome, away message). Leaves mode and lastHumanReplyAt alone. */
export async function sendBotMessage(
  ctx: ConversationContext,
  input: OutgoingInput & { botName?: string },
): Promise<StoredMessage> {
  const { staffView } = await storeOutgoing(
    ctx,
    input,
    'BOT',
    { userId: null, name: input.botName ?? 'Auto-reply' },
    false,
  );
  return staffView;
}

/** The automation module switches bot/human mode (idle timeout, "talk to a person"). */
export async function setConversationMode(
  ctx: ConversationContext,
  brandId: string,
  conversationId: string,
  mode: 'BOT' | 'HUMAN',
): Promise<void> {
  const updated = await ctx.db.conversation.updateMany({ where: { id: conversationId, brandId }, data: { mode } });
  if (updated.count === 0) throw notFound('conversation');
}

/**
 * Finds (or starts, empty) the conversation of a follower, e.g. for a welcome message on follow: a LINE follower's
 * own (by follower), a follower on the site her account's (by user, the thread she opens from the brand's page).
 */
export async function conversationForFollower(
  ctx: ConversationContext,
  brandId: string,
  followerId: string,
  via: 'line' | 'web' = 'line',
): Promise<string> {
  const follower = await ctx.db.follower.findFirst({
    where: { id: followerId, brandId },
    select: { id: true, lineUserId: true, userId: true },
  });
  if (!follower) throw notFound('customer');
  if (via === 'web' && follower.userId) {
    const row = await ctx.db.conversation.upsert({
      where: { brandId_userId: { brandId, userId: follower.userId } },
      create: { brandId, userId: follower.userId, channel: 'WEB' },
      update: {},
      select: { id: true },
    });
    return row.id;
  }
  const row = await ctx.db.conversation.upsert({
    where: { brandId_followerId: { brandId, followerId } },
    create: { brandId, followerId, channel: follower.lineUserId ? 'LINE' : 'WEB' },
    update: {},
    select: { id: true },
  });
  return row.id;
}
