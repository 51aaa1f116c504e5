import type { Database } from '../database/prisma-client';
import { notFound } from '../errors/app-error';
import { messageOf } from './claim-deliveries';
import { listNotices, markNoticeRead, noticeLink, unreadNotices } from './customer-notices';
import { recordClick, recordOpen } from './delivery-tracking';

const pageSize = 20;

/** The user's follower rows (one per brand they follow): deliveries are found through these. */
async function followerIds(db: Database, userId: string, brandId?: string): Promise<string[]> {
  const rows = await db.follower.findMany({ where: { userId, ...(brandId ? { brandId } : {}) }, select: { id: true } });
  return rows.map((row) => row.id);
}

/**
 * The signed-in user's in-app messages from every brand they follow (or from one brand: the announcement balloons
 * her conversation with that brand shows), newest first.
 */
export async function listInbox(db: Database, userId: string, cursor?: string, brandId?: string) {
  const rows = await db.announcementDelivery.findMany({
    where: { channel: 'INAPP', status: 'SENT', followerId: { in: await followerIds(db, userId, brandId) } },
    orderBy: [{ sentAt: 'desc' }, { id: 'desc' }],
    take: pageSize + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: { id: true, announcementId: true, personal: true, rendered: true, sentAt: true, readAt: true },
  });
  const steps = await db.announcement.findMany({
    where: { id: { in: [...new Set(rows.map((row) => row.announcementId))] } },
    select: { id: true, showId: true, template: true, brand: { select: { name: true } } },
  });
  const byId = new Map(steps.map((step) => [step.id, step]));
  const items = rows.slice(0, pageSize).flatMap((row) => {
    const step = byId.get(row.announcementId);
    if (!step) return [];
    // Plain text fields only; the inbox renders them as text nodes, never as HTML.
    return [
      {
        id: row.id,
        message: messageOf(step.template, row),
        sentAt: row.sentAt,
        read: row.readAt !== null,
        showId: step.showId as string | null,
        brandName: step.brand.name,
      },
    ];
  });
  // Personal notices (offers, appointment reminders) between this page's deliveries: newer than the last one, older
  // than the cursor's (the cursor stays a delivery id).
  const more = rows.length > pageSize;
  const before = cursor
    ? ((await db.announcementDelivery.findUnique({ where: { id: cursor }, select: { sentAt: true } }))?.sentAt ?? null)
    : null;
  const notices = await listNotices(db, userId, {
    before,
    notBefore: more ? (rows[pageSize - 1]?.sentAt ?? null) : null,
    brandId,
  });
  const merged = [...items, ...notices].sort((a, b) => (b.sentAt?.getTime() ?? 0) - (a.sentAt?.getTime() ?? 0));
  return { items: merged, nextCursor: more ? (rows[pageSize - 1]?.id ?? null) : null };
}

export async function unreadCount(db: Database, userId: string): Promise<number> {
  const deliveries = await db.announcementDelivery.count({
    where: { channel: 'INAPP', status: 'SENT', readAt: null, followerId: { in: await followerIds(db, userId) } },
  });
  return deliveries + (await unreadNotices(db, userId));
}

async function ownDelivery(db: Database, userId: string, deliveryId: string) {
  const delivery = await db.announcementDelivery.findFirst({
    where: { id: deliveryId, channel: 'INAPP', followerId: { in: await followerIds(db, userId) } },
    select: { id: true },
  });
  if (!delivery) throw notFound('message');
  return delivery;
}

export async function markRead(db: Database, userId: string, deliveryId: string): Promise<void> {
  if (await markNoticeRead(db, userId, deliveryId)) return;
  await ownDelivery(db, userId, deliveryId);
  await db.announcementDelivery.updateMany({ where: { id: deliveryId, readAt: null }, data: { readAt: new Date() } });
  await recordOpen(db, deliveryId);
}

export async function markAllRead(db: Database, userId: string): Promise<void> {
  await db.announcementDelivery.updateMany({
    where: { channel: 'INAPP', status: 'SENT', readAt: null, followerId: { in: await followerIds(db, userId) } },
    data: { readAt: new Date() },
  });
  await db.customerNotice.updateMany({ where: { userId, readAt: null }, data: { readAt: new Date() } });
}

export async function clickInboxBalloon(
  db: Database,
  userId: string,
  deliveryId: string,
  balloonIndex: number,
): Promise<string> {
  const notice = await noticeLink(db, userId, deliveryId, balloonIndex);
  if (notice) return notice;
  if (notice === null) throw notFound('link');
  await ownDelivery(db, userId, deliveryId);
  const target = await recordClick(db, deliveryId, balloonIndex);
  if (!target) throw notFound('link');
  return target;
}
