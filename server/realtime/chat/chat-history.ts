import type { Database } from '../../database/prisma-client';
import type { ChatMessage } from '../contract';
import { FreshLoader } from '../transport/fresh-loader';
import type { ShowContext } from '../show-context';
import { toChatMessage, type Badge } from './chat-view';
import type { ChatWriter } from './chat-writer';

export const historySize = 50;

type Row = Awaited<ReturnType<Database['chatMessage']['findMany']>>[number];

async function badgesFor(db: Database, context: ShowContext, rows: Row[]): Promise<Map<string, Badge>> {
  const userIds = [...new Set(rows.map((row) => row.userId).filter((id): id is string => Boolean(id)))];
  const badges = new Map<string, Badge>();
  if (userIds.length === 0) return badges;
  const memberships = await db.membership.findMany({ where: { brandId: context.brandId, userId: { in: userIds } } });
  for (const membership of memberships) {
    const current = badges.get(membership.userId);
    if (membership.role === 'HOST' || current === 'host') badges.set(membership.userId, 'host');
    else if (membership.role === 'ADMIN' || current === 'admin') badges.set(membership.userId, 'admin');
    else badges.set(membership.userId, 'moderator');
  }
  if (context.hostId && userIds.includes(context.hostId)) badges.set(context.hostId, 'host');
  return badges;
}

async function query(
  db: Database,
  writer: ChatWriter,
  context: ShowContext,
  shadow: 'none' | 'all' | { ownerId: string },
): Promise<ChatMessage[]> {
  const shadowFilter =
    shadow === 'all'
      ? {}
      : shadow === 'none'
        ? { shadow: false }
        : { OR: [{ shadow: false }, { userId: shadow.ownerId }] };
  // Pending rows are read before the query: a row committed while the query ran (after its snapshot) has left the
  // writer's pending list by the time the query answers, and would be in neither. Rows accepted after this point
  // were broadcast after the joiner entered the room, so they reach her live.
  const pendingBefore = writer.pendingFor(context.showId);
  const rows = await db.chatMessage.findMany({
    where: { showId: context.showId, deletedAt: null, ...shadowFilter },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: historySize,
  });
  // Messages accepted in the last few milliseconds may not be stored yet.
  const stored = new Set(rows.map((row) => row.id));
  const visible = (row: Row) => shadow === 'all' || !row.shadow || (shadow !== 'none' && row.userId === shadow.ownerId);
  const pending = pendingBefore.filter((row) => !stored.has(row.id) && visible(row));
  rows.reverse();
  rows.push(...pending);
  rows.splice(0, Math.max(0, rows.length - historySize));
  const badges = await badgesFor(db, context, rows);
  return rows.map((row) => toChatMessage(row, row.userId ? (badges.get(row.userId) ?? null) : null, shadow !== 'none'));
}

/** The last 50 messages for a joiner. Audience joins share queries (thousands join a show at once). */
export class ChatHistory {
  readonly #audience: FreshLoader<ChatMessage[]>;

  constructor(
    private readonly db: Database,
    private readonly writer: ChatWriter,
    contexts: { get(showId: string): Promise<ShowContext> },
  ) {
    this.#audience = new FreshLoader(async (showId) => query(db, writer, await contexts.get(showId), 'none'));
  }

  /** Staff see shadow-banned messages (flagged); a shadow-banned author sees their own. */
  load(context: ShowContext, view: { staff: boolean; shadowBannedUserId: string | null }): Promise<ChatMessage[]> {
    if (view.staff) return query(this.db, this.writer, context, 'all');
    if (view.shadowBannedUserId) return query(this.db, this.writer, context, { ownerId: view.shadowBannedUserId });
    return this.#audience.load(context.showId);
  }
}
