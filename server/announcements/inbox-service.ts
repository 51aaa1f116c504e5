import type { Database } from '../database/prisma-client';
import { notFound } from '../errors/app-error';
import { recordClick, recordOpen } from './delivery-tracking';

const pageSize = 20;

/** The signed-in user's in-app messages from every brand they follow, newest first. */
export async function listInbox(db: Database, userId: string, cursor?: string) {
  const rows = await db.announcementDelivery.findMany({
    where: { channel: 'INAPP', status: 'SENT', follower: { userId } },
    orderBy: [{ sentAt: 'desc' }, { id: 'desc' }],
    take: pageSize + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: {
      id: true,
      rendered: true,
      sentAt: true,
      readAt: true,
      announcement: { select: { showId: true, brand: { select: { name: true } } } },
    },
  });
  const items = rows.slice(0, pageSize).map((row) => ({
    id: row.id,
    // Plain text fields only; the inbox renders them as text nodes, never as HTML.
    message: row.rendered,
    sentAt: row.sentAt,
    read: row.readAt !== null,
    showId: row.announcement.showId,
    brandName: row.announcement.brand.name,
  }));
  return { items, nextCursor: rows.length > pageSize ? (items.at(-1)?.id ?? null) : null };
}

export async function unreadCount(db: Database, userId: string): Promise<number> {
  return db.announcementDelivery.count({ where: { channel: 'INAPP', status: 'SENT', readAt: null, follower: { userId } } });
}

async function ownDelivery(db: Database, userId: string, deliveryId: string) {
  const delivery = await db.announcementDelivery.findFirst({ where: { id: deliveryId, channel: 'INAPP', follower: { userId } }, select: { id: true } });
  if (!delivery) throw notFound('message');
  return delivery;
}

export async function markRead(db: Database, userId: string, deliveryId: string): Promise<void> {
  await ownDelivery(db, userId, deliveryId);
  await db.announcementDelivery.updateMany({ where: { id: deliveryId, readAt: null }, data: { readAt: new Date() } });
  await recordOpen(db, deliveryId);
}

export async function markAllRead(db: Database, userId: string): Promise<void> {
  await db.announcementDelivery.updateMany({ where: { channel: 'INAPP', status: 'SENT', readAt: null, follower: { userId } }, data: { readAt: new Date() } });
}

export async function clickInboxBalloon(db: Database, userId: string, deliveryId: string, balloonIndex: number): Promise<string> {
  await ownDelivery(db, userId, deliveryId);
  const target = await recordClick(db, deliveryId, balloonIndex);
  if (!target) throw notFound('link');
  return target;
}
