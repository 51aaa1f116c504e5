// Rows -> exactly what a client may see (ISO strings, live product cards, no private notes for customers).
import type { ConversationMessage, Prisma } from '../../prisma/generated/client';
import { toPublicStock } from '../catalog/public-stock';
import type { Database } from '../database/prisma-client';
import type { FileStorage } from '../storage/file-storage';
import type { ConversationMessageView, ConversationSummary, ProductCard } from './conversation-schemas';

export const summaryInclude = {
  brand: { select: { name: true } },
  user: { select: { name: true } },
  follower: { select: { name: true, lineUserId: true } },
} as const satisfies Prisma.ConversationInclude;

export type ConversationRow = Prisma.ConversationGetPayload<{ include: typeof summaryInclude }>;

export type Side = 'staff' | 'customer';

// Staff names change rarely and every message's summary names its assignee: a short-lived cache saves a query
// per message (a renamed advisor shows the new name within a minute).
const nameCache = new Map<string, { name: string; at: number }>();
const nameCacheMs = 60_000;

export async function assigneeNames(db: Database, rows: { assigneeId: string | null }[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const missing: string[] = [];
  for (const id of new Set(rows.flatMap((row) => (row.assigneeId ? [row.assigneeId] : [])))) {
    const cached = nameCache.get(id);
    if (cached && Date.now() - cached.at < nameCacheMs) names.set(id, cached.name);
    else missing.push(id);
  }
  if (missing.length === 0) return names;
  const users = await db.user.findMany({ where: { id: { in: missing } }, select: { id: true, name: true } });
  if (nameCache.size > 10_000) nameCache.clear();
  for (const user of users) {
    names.set(user.id, user.name);
    nameCache.set(user.id, { name: user.name, at: Date.now() });
  }
  return names;
}

export function toSummary(row: ConversationRow, side: Side, names: Map<string, string>): ConversationSummary {
  return {
    id: row.id,
    brandId: row.brandId,
    brandName: row.brand.name,
    customer: {
      userId: row.userId,
      followerId: row.followerId,
      name: row.user?.name ?? (row.follower?.name || 'Customer'),
    },
    channel: row.channel,
    status: row.status,
    mode: row.mode,
    assignee: row.assigneeId ? { userId: row.assigneeId, name: names.get(row.assigneeId) ?? '' } : null,
    snoozedUntil: row.snoozedUntil?.toISOString() ?? null,
    lastMessageAt: row.lastMessageAt.toISOString(),
    lastMessagePreview: row.lastMessagePreview,
    unread: side === 'staff' ? row.staffUnread : row.customerUnread,
    otherSideReadAt: (side === 'staff' ? row.customerReadAt : row.staffReadAt)?.toISOString() ?? null,
  };
}

/** One product's card, whichever brand (public facts only); null when missing or archived. */
export async function productCard(db: Database, storage: FileStorage, productId: string): Promise<ProductCard | null> {
  const product = await db.product.findFirst({ where: { id: productId, archivedAt: null }, select: { brandId: true } });
  if (!product) return null;
  return (await productCards(db, storage, product.brandId, [productId])).get(productId) ?? null;
}

/** Current price and stock of the products the messages show, read once per page. */
export async function productCards(
  db: Database,
  storage: FileStorage,
  brandId: string,
  productIds: (string | null)[],
): Promise<Map<string, ProductCard>> {
  const ids = [...new Set(productIds.filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return new Map();
  const products = await db.product.findMany({
    where: { id: { in: ids }, brandId },
    select: { id: true, title: true, priceMinor: true, currency: true, imageKeys: true, stock: true, archivedAt: true },
  });
  return new Map(
    products.map((product) => {
      const stock = toPublicStock(product.stock);
      const card: ProductCard = {
        productId: product.id,
        title: product.title,
        priceMinor: product.priceMinor,
        currency: product.currency,
        imageUrl: product.imageKeys[0] ? storage.urlFor(product.imageKeys[0]) : null,
        stock,
        available: product.archivedAt === null && stock.status !== 'sold_out',
      };
      return [product.id, card];
    }),
  );
}

export function toMessageView(
  row: ConversationMessage,
  storage: FileStorage,
  cards: Map<string, ProductCard>,
): ConversationMessageView {
  return {
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq.toString(),
    sender: row.sender,
    authorName: row.authorName,
    kind: row.kind,
    text: row.text,
    imageUrl: row.imageKey ? storage.urlFor(row.imageKey) : null,
    product: row.productId ? (cards.get(row.productId) ?? null) : null,
    private: row.private,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The list's one-line preview of a message. */
export function previewOf(kind: 'TEXT' | 'IMAGE' | 'PRODUCT', text: string, productTitle?: string): string {
  if (kind === 'IMAGE') return '[image]';
  if (kind === 'PRODUCT') return `[product] ${productTitle ?? ''}`.trim();
  // Whole code points, so an emoji is never cut in half.
  const chars = Array.from(text);
  return chars.length > 140 ? `${chars.slice(0, 139).join('')}…` : text;
}
