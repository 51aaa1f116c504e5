// Messages to one customer that do not belong to a show's announcement steps (a personal offer, an appointment
// reminder). They use the announcement's message shape, so the inbox lists and renders them with the deliveries.
import type { Database } from '../database/prisma-client';
import type { RenderedMessage } from './announcement-schemas';

export interface NoticeInput {
  brandId: string;
  userId: string;
  /** Once per key, however often it is sent (a reminder job run twice, an offer sent again). */
  dedupeKey: string;
  message: RenderedMessage;
}

/** Writes the notices not written before; returns the user ids that got a new one (for the bell). */
export async function sendNotices(db: Database, notices: NoticeInput[]): Promise<string[]> {
  if (!notices.length) return [];
  const before = new Set(
    (
      await db.customerNotice.findMany({
        where: { dedupeKey: { in: notices.map((notice) => notice.dedupeKey) } },
        select: { dedupeKey: true },
      })
    ).map((row) => row.dedupeKey),
  );
  const fresh = notices.filter((notice) => !before.has(notice.dedupeKey));
  await db.customerNotice.createMany({
    data: fresh.map((notice) => ({ ...notice, message: notice.message as object })),
    skipDuplicates: true,
  });
  return [...new Set(fresh.map((notice) => notice.userId))];
}

export async function listNotices(
  db: Database,
  userId: string,
  window: { before: Date | null; notBefore: Date | null; brandId?: string },
) {
  const rows = await db.customerNotice.findMany({
    where: {
      userId,
      ...(window.brandId ? { brandId: window.brandId } : {}),
      sentAt: {
        ...(window.before ? { lt: window.before } : {}),
        ...(window.notBefore ? { gte: window.notBefore } : {}),
      },
    },
    orderBy: [{ sentAt: 'desc' }, { id: 'desc' }],
    take: 200,
  });
  const brands = await db.brand.findMany({
    where: { id: { in: [...new Set(rows.map((row) => row.brandId))] } },
    select: { id: true, name: true },
  });
  const names = new Map(brands.map((brand) => [brand.id, brand.name]));
  return rows.map((row) => ({
    id: row.id,
    message: row.message as unknown as RenderedMessage,
    sentAt: row.sentAt,
    read: row.readAt !== null,
    showId: null,
    brandName: names.get(row.brandId) ?? '',
  }));
}

export const unreadNotices = (db: Database, userId: string) =>
  db.customerNotice.count({ where: { userId, readAt: null } });

/** Marks her notice read; false when the id is not one of hers (the caller then tries deliveries). */
export async function markNoticeRead(db: Database, userId: string, noticeId: string): Promise<boolean> {
  const notice = await db.customerNotice.findFirst({ where: { id: noticeId, userId }, select: { id: true } });
  if (!notice) return false;
  await db.customerNotice.updateMany({ where: { id: noticeId, readAt: null }, data: { readAt: new Date() } });
  return true;
}

export async function noticeLink(
  db: Database,
  userId: string,
  noticeId: string,
  balloonIndex: number,
): Promise<string | null | undefined> {
  const notice = await db.customerNotice.findFirst({ where: { id: noticeId, userId }, select: { message: true } });
  if (!notice) return undefined;
  await markNoticeRead(db, userId, noticeId);
  const message = notice.message as unknown as RenderedMessage;
  const balloon = message.balloons[balloonIndex];
  if (balloon && 'url' in balloon && (balloon.type === 'button' || balloon.type === 'product')) return balloon.url;
  return balloonIndex === 99 ? message.showUrl : null;
}
