// Staff actions on a conversation (status, snooze, assignment and handover, mode), the customer panel, the CSV
// export and canned replies.
import { AppError, notFound } from '../errors/app-error';
import { csvRow } from '../realtime/chat/chat-csv';
import type { CannedReplyInput, ConversationPatch } from './conversation-schemas';
import type { ConversationContext } from './conversation-ports';
import { chatStaff } from './conversation-access';
import { sendStaffMessage } from './conversation-service';
import { assigneeNames, productCards, summaryInclude, toSummary } from './conversation-view';

/** Members who can hold conversations (admins and client advisors), for the assignment menu. */
export async function listChatStaff(ctx: ConversationContext, brandId: string) {
  const members = await ctx.db.membership.findMany({
    where: { brandId, role: { in: [...chatStaff] } },
    select: { userId: true, role: true, user: { select: { name: true } } },
  });
  const byUser = new Map<string, { userId: string; name: string; roles: string[] }>();
  for (const member of members) {
    const entry = byUser.get(member.userId) ?? { userId: member.userId, name: member.user.name, roles: [] };
    entry.roles.push(member.role);
    byUser.set(member.userId, entry);
  }
  return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export async function patchConversation(
  ctx: ConversationContext,
  brandId: string,
  conversationId: string,
  patch: ConversationPatch,
  actor: { userId: string; name: string },
) {
  const current = await ctx.db.conversation.findFirst({
    where: { id: conversationId, brandId },
    select: { id: true, assigneeId: true },
  });
  if (!current) throw notFound('conversation');
  if (patch.assigneeId) {
    const member = await ctx.db.membership.findFirst({
      where: { brandId, userId: patch.assigneeId, role: { in: [...chatStaff] } },
      select: { id: true },
    });
    if (!member)
      throw new AppError('VALIDATION_FAILED', 'assign the conversation to an admin or client advisor of this brand', {
        assigneeId: 'not a chat staff member',
      });
  }
  const snoozedUntil = patch.snoozedUntil ? new Date(patch.snoozedUntil) : undefined;
  if (snoozedUntil && snoozedUntil.getTime() <= Date.now())
    throw new AppError('VALIDATION_FAILED', 'snooze until a time in the future', { snoozedUntil: 'in the past' });
  const row = await ctx.db.conversation.update({
    where: { id: current.id },
    data: {
      ...(patch.status ? { status: patch.status, snoozedUntil: patch.status === 'SNOOZED' ? snoozedUntil : null } : {}),
      ...(patch.assigneeId !== undefined ? { assigneeId: patch.assigneeId } : {}),
      ...(patch.mode ? { mode: patch.mode } : {}),
    },
    include: summaryInclude,
  });
  const names = await assigneeNames(ctx.db, [row, current]);
  const conversation = toSummary(row, 'staff', names);
  ctx.realtime.emitToBrandStaff(brandId, 'conversation:updated', { conversation });
  if (row.userId)
    ctx.realtime.emitToUser(row.userId, 'conversation:updated', { conversation: toSummary(row, 'customer', names) });
  if (patch.assigneeId !== undefined && patch.assigneeId !== current.assigneeId) {
    // Handover leaves a trace in the thread for staff only.
    const from = current.assigneeId ? (names.get(current.assigneeId) ?? 'someone') : 'nobody';
    const to = patch.assigneeId ? (names.get(patch.assigneeId) ?? 'someone') : 'nobody';
    await sendStaffMessage(ctx, {
      brandId,
      conversationId: row.id,
      staff: actor,
      private: true,
      balloon: { kind: 'text', text: `${actor.name} handed this conversation over from ${from} to ${to}.` },
    });
  }
  return conversation;
}

/** What an advisor sees beside the thread: the customer's tags, notes, orders, shows attended, first contact. */
export async function customerPanel(ctx: ConversationContext, brandId: string, conversationId: string) {
  const row = await ctx.db.conversation.findFirst({
    where: { id: conversationId, brandId },
    select: { userId: true, followerId: true, createdAt: true, channel: true },
  });
  if (!row) throw notFound('conversation');
  const follower = await ctx.db.follower.findFirst({
    where: row.followerId ? { id: row.followerId } : { brandId, userId: row.userId },
    select: {
      id: true,
      name: true,
      email: true,
      note: true,
      lineUserId: true,
      userId: true,
      createdAt: true,
      tags: { select: { tag: { select: { id: true, name: true, kind: true } } } },
    },
  });
  const userId = row.userId ?? follower?.userId ?? null;
  // The same person under her other identity: the web account's conversation and the LINE follower's.
  const identities = [
    ...(userId ? [{ userId }, { follower: { userId } }] : []),
    ...(follower ? [{ followerId: follower.id }] : []),
  ];
  const [orders, chattedShows, orderedShows, messageCount, user, past] = await Promise.all([
    userId
      ? ctx.db.order.findMany({
          where: { brandId, buyerId: userId },
          orderBy: { createdAt: 'desc' },
          take: 10,
          select: {
            id: true,
            status: true,
            totalMinor: true,
            currency: true,
            createdAt: true,
            items: { select: { title: true, quantity: true } },
          },
        })
      : [],
    userId
      ? ctx.db.chatMessage.findMany({
          where: { userId, show: { brandId } },
          distinct: ['showId'],
          select: { showId: true },
          take: 50,
        })
      : [],
    userId
      ? ctx.db.order.findMany({
          where: { brandId, buyerId: userId, showId: { not: null } },
          distinct: ['showId'],
          select: { showId: true },
          take: 50,
        })
      : [],
    ctx.db.conversationMessage.count({ where: { conversationId } }),
    userId ? ctx.db.user.findUnique({ where: { id: userId }, select: { name: true, email: true } }) : null,
    identities.length
      ? ctx.db.conversation.findMany({
          where: { brandId, id: { not: conversationId }, OR: identities },
          orderBy: { lastMessageAt: 'desc' },
          take: 20,
          select: { id: true, channel: true, status: true, lastMessageAt: true, lastMessagePreview: true },
        })
      : [],
  ]);
  const showIds = [
    ...new Set(
      [...chattedShows, ...orderedShows].map((entry) => entry.showId).filter((id): id is string => Boolean(id)),
    ),
  ];
  const shows = showIds.length
    ? await ctx.db.show.findMany({
        where: { id: { in: showIds }, brandId },
        select: { id: true, title: true, scheduledStartAt: true },
        orderBy: { scheduledStartAt: 'desc' },
      })
    : [];
  const tags = follower?.tags.map((entry) => entry.tag) ?? [];
  return {
    name: user?.name ?? follower?.name ?? 'Customer',
    email: user?.email ?? follower?.email ?? null,
    channel: row.channel,
    followerId: follower?.id ?? null,
    following: Boolean(follower),
    note: follower?.note ?? '',
    tags: tags.filter((tag) => tag.kind === 'MANUAL').map(({ id, name }) => ({ id, name })),
    interests: tags.filter((tag) => tag.kind === 'INTEREST').map(({ id, name }) => ({ id, name })),
    orders: orders.map((order) => ({ ...order, createdAt: order.createdAt.toISOString() })),
    shows: shows.map((show) => ({
      id: show.id,
      title: show.title,
      scheduledStartAt: show.scheduledStartAt.toISOString(),
    })),
    firstContactAt: row.createdAt.toISOString(),
    messageCount,
    pastConversations: past.map((entry) => ({ ...entry, lastMessageAt: entry.lastMessageAt.toISOString() })),
  };
}

/** The whole thread as CSV (private notes marked), streamed page by page. */
export async function* exportConversationCsv(
  ctx: ConversationContext,
  brandId: string,
  conversationId: string,
): AsyncGenerator<string> {
  const row = await ctx.db.conversation.findFirst({ where: { id: conversationId, brandId }, select: { id: true } });
  if (!row) throw notFound('conversation');
  yield csvRow(['time', 'sender', 'author', 'kind', 'text', 'product_id', 'private']);
  let after = -1n;
  for (;;) {
    const page = await ctx.db.conversationMessage.findMany({
      where: { conversationId, seq: { gt: after } },
      orderBy: { seq: 'asc' },
      take: 500,
    });
    for (const message of page) {
      yield csvRow([
        message.createdAt.toISOString(),
        message.sender,
        message.authorName,
        message.kind,
        message.text,
        message.productId ?? '',
        message.private ? 'yes' : 'no',
      ]);
    }
    if (page.length < 500) return;
    after = page.at(-1)!.seq;
  }
}

/** Products an advisor can send as cards: the brand's, not archived, matching the search, newest first. */
export async function searchProductCards(ctx: ConversationContext, brandId: string, q: string) {
  const rows = await ctx.db.product.findMany({
    where: { brandId, archivedAt: null, ...(q ? { title: { contains: q, mode: 'insensitive' as const } } : {}) },
    orderBy: { createdAt: 'desc' },
    take: 20,
    select: { id: true },
  });
  const cards = await productCards(
    ctx.db,
    ctx.storage,
    brandId,
    rows.map((row) => row.id),
  );
  return rows.flatMap((row) => cards.get(row.id) ?? []);
}

export const listCannedReplies = (ctx: ConversationContext, brandId: string) =>
  ctx.db.cannedReply.findMany({
    where: { brandId },
    orderBy: { shortCode: 'asc' },
    select: { id: true, shortCode: true, text: true },
  });

export async function saveCannedReply(ctx: ConversationContext, brandId: string, input: CannedReplyInput) {
  const count = await ctx.db.cannedReply.count({ where: { brandId } });
  if (count >= 500) throw new AppError('CONFLICT', 'a brand can keep at most 500 canned replies');
  return ctx.db.cannedReply.upsert({
    where: { brandId_shortCode: { brandId, shortCode: input.shortCode } },
    create: { brandId, ...input },
    update: { text: input.text },
    select: { id: true, shortCode: true, text: true },
  });
}

export async function deleteCannedReply(ctx: ConversationContext, brandId: string, id: string) {
  const deleted = await ctx.db.cannedReply.deleteMany({ where: { id, brandId } });
  if (deleted.count === 0) throw notFound('canned reply');
}
