// Reading conversations: the console's list and counts, the customer's list, pages of a thread, read state.
import type { Prisma } from '../../prisma/generated/client';
import { notFound } from '../errors/app-error';
import type { ConversationMessageView, ConversationSummary, conversationListQuerySchema } from './conversation-schemas';

type ListQuery = ReturnType<typeof conversationListQuerySchema.parse>;
import type { ConversationContext } from './conversation-ports';
import { assigneeNames, productCards, summaryInclude, toMessageView, toSummary, type Side } from './conversation-view';

/** Snoozed conversations whose time came are open again (checked lazily, whenever the console reads). */
async function wakeSnoozed(ctx: ConversationContext, brandId: string) {
  await ctx.db.conversation.updateMany({
    where: { brandId, status: 'SNOOZED', snoozedUntil: { lte: new Date() } },
    data: { status: 'OPEN', snoozedUntil: null },
  });
}

function staffWhere(brandId: string, userId: string, query: ListQuery): Prisma.ConversationWhereInput {
  const and: Prisma.ConversationWhereInput[] = [{ brandId }];
  if (query.status) and.push({ status: query.status });
  if (query.scope === 'mine') and.push({ assigneeId: userId });
  if (query.scope === 'unassigned') and.push({ assigneeId: null });
  if (query.unread) and.push({ staffUnread: { gt: 0 } });
  if (query.tagId) {
    const tagged = { tags: { some: { tagId: query.tagId } } };
    and.push({ OR: [{ follower: tagged }, { user: { followers: { some: { brandId, ...tagged } } } }] });
  }
  if (query.q) {
    const q = { contains: query.q, mode: 'insensitive' as const };
    and.push({ OR: [{ user: { name: q } }, { follower: { name: q } }, { messages: { some: { text: q } } }] });
  }
  return { AND: and };
}

export async function listStaffConversations(
  ctx: ConversationContext,
  brandId: string,
  userId: string,
  query: ListQuery,
) {
  await wakeSnoozed(ctx, brandId);
  const rows = await ctx.db.conversation.findMany({
    where: staffWhere(brandId, userId, query),
    orderBy: [{ lastMessageAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
    ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
    include: summaryInclude,
  });
  const names = await assigneeNames(ctx.db, rows);
  const items = rows.slice(0, query.limit).map((row) => toSummary(row, 'staff', names));
  return { items, nextCursor: rows.length > query.limit ? (items.at(-1)?.id ?? null) : null };
}

/** The console's filter badges: conversations per status, mine, unassigned, and those with unread messages. */
export async function staffCounts(ctx: ConversationContext, brandId: string, userId: string) {
  await wakeSnoozed(ctx, brandId);
  const [byStatus, mine, unassigned, unread] = await Promise.all([
    ctx.db.conversation.groupBy({ by: ['status'], where: { brandId }, _count: { _all: true } }),
    ctx.db.conversation.count({ where: { brandId, assigneeId: userId, status: { in: ['OPEN', 'PENDING'] } } }),
    ctx.db.conversation.count({ where: { brandId, assigneeId: null, status: { in: ['OPEN', 'PENDING'] } } }),
    ctx.db.conversation.count({ where: { brandId, staffUnread: { gt: 0 } } }),
  ]);
  const status = Object.fromEntries(
    ['OPEN', 'PENDING', 'SNOOZED', 'RESOLVED'].map((name) => [
      name,
      byStatus.find((row) => row.status === name)?._count._all ?? 0,
    ]),
  );
  return { status, mine, unassigned, unread };
}

export async function staffConversation(
  ctx: ConversationContext,
  brandId: string,
  conversationId: string,
): Promise<ConversationSummary> {
  const row = await ctx.db.conversation.findFirst({ where: { id: conversationId, brandId }, include: summaryInclude });
  if (!row) throw notFound('conversation');
  return toSummary(row, 'staff', await assigneeNames(ctx.db, [row]));
}

/** The customer's threads with every brand, newest first (the inbox lists them beside announcements). */
export async function listCustomerConversations(
  ctx: ConversationContext,
  userId: string,
): Promise<ConversationSummary[]> {
  const rows = await ctx.db.conversation.findMany({
    where: { userId },
    orderBy: [{ lastMessageAt: 'desc' }, { id: 'desc' }],
    take: 100,
    include: summaryInclude,
  });
  const names = await assigneeNames(ctx.db, rows);
  return rows.map((row) => toSummary(row, 'customer', names));
}

export async function customerConversation(
  ctx: ConversationContext,
  userId: string,
  conversationId: string,
): Promise<ConversationSummary> {
  const row = await ctx.db.conversation.findFirst({ where: { id: conversationId, userId }, include: summaryInclude });
  if (!row) throw notFound('conversation');
  return toSummary(row, 'customer', await assigneeNames(ctx.db, [row]));
}

export async function customerUnreadTotal(ctx: ConversationContext, userId: string): Promise<number> {
  const sum = await ctx.db.conversation.aggregate({ where: { userId }, _sum: { customerUnread: true } });
  return sum._sum.customerUnread ?? 0;
}

/** One page of a thread, oldest first within the page; `before` pages back. Customers never see private notes. */
export async function messagePage(
  ctx: ConversationContext,
  conversationId: string,
  side: Side,
  options: { before?: string; limit: number },
) {
  const row = await ctx.db.conversation.findUnique({ where: { id: conversationId }, select: { brandId: true } });
  if (!row) throw notFound('conversation');
  const rows = await ctx.db.conversationMessage.findMany({
    where: {
      conversationId,
      ...(side === 'customer' ? { private: false } : {}),
      ...(options.before ? { seq: { lt: BigInt(options.before) } } : {}),
    },
    orderBy: { seq: 'desc' },
    take: options.limit + 1,
  });
  const page = rows.slice(0, options.limit);
  const cards = await productCards(
    ctx.db,
    ctx.storage,
    row.brandId,
    page.map((message) => message.productId),
  );
  const items: ConversationMessageView[] = page.reverse().map((message) => toMessageView(message, ctx.storage, cards));
  return { items, before: rows.length > options.limit ? (items[0]?.seq ?? null) : null };
}

/** Marks the thread read by one side and tells the other side (read receipts) and the reader's other tabs. */
export async function markConversationRead(ctx: ConversationContext, conversationId: string, side: Side) {
  const at = new Date();
  const row = await ctx.db.conversation.update({
    where: { id: conversationId },
    data: side === 'staff' ? { staffUnread: 0, staffReadAt: at } : { customerUnread: 0, customerReadAt: at },
    include: summaryInclude,
  });
  const payload = { conversationId, side, at: at.toISOString() };
  ctx.realtime.emitToBrandStaff(row.brandId, 'conversation:read', payload);
  if (row.userId) {
    ctx.realtime.emitToUser(row.userId, 'conversation:read', payload);
    if (side === 'customer') ctx.realtime.inboxChanged(row.userId);
  }
  return toSummary(row, side, await assigneeNames(ctx.db, [row]));
}
