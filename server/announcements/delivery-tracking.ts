import type { Database } from '../database/prisma-client';
import { showLinkIndex } from '../channels/tracking-links';
import { renderedMessageSchema } from './announcement-schemas';
import { addInterestTag } from '../audience/interest-tags';
import { messageOf } from './claim-deliveries';

/** First open of a delivery: openedAt set once, one OPENED event. Later opens change nothing. */
export async function recordOpen(db: Database, deliveryId: string, now = new Date()): Promise<void> {
  const { count } = await db.announcementDelivery.updateMany({
    where: { id: deliveryId, openedAt: null },
    data: { openedAt: now },
  });
  if (count > 0) await db.deliveryEvent.create({ data: { deliveryId, kind: 'OPENED', createdAt: now } });
}

/**
 * A click on a balloon (or on the show link): recorded per balloon, implies an open, and a click on a product card
 * tags the follower with the product's category as an INTEREST tag, which segments can then select on.
 * Returns where the click should lead, or null for an unknown delivery.
 */
export async function recordClick(db: Database, deliveryId: string, balloonIndex: number): Promise<string | null> {
  const delivery = await db.announcementDelivery.findUnique({
    where: { id: deliveryId },
    select: { id: true, announcementId: true, followerId: true, personal: true, rendered: true },
  });
  if (!delivery) return null;
  const [step, follower] = await Promise.all([
    db.announcement.findUnique({ where: { id: delivery.announcementId }, select: { template: true } }),
    db.follower.findUnique({ where: { id: delivery.followerId }, select: { brandId: true } }),
  ]);
  if (!step || !follower) return null;
  const message = renderedMessageSchema.safeParse(messageOf(step.template, delivery));
  if (!message.success) return null;
  const balloon = message.data.balloons[balloonIndex] as
    | { type: string; url?: unknown; category?: unknown }
    | undefined;
  const target =
    balloonIndex === showLinkIndex ? message.data.showUrl : typeof balloon?.url === 'string' ? balloon.url : null;
  if (!target) return null;
  await recordOpen(db, deliveryId);
  await db.deliveryEvent.create({ data: { deliveryId, kind: 'CLICKED', balloonIndex } });
  if (balloon?.type === 'product' && typeof balloon.category === 'string' && balloon.category.trim()) {
    await addInterestTag(db, follower.brandId, delivery.followerId, balloon.category);
  }
  return target;
}

/** The unsubscribe link in an email (or a LINE/push opt-out) turns off that channel for that follower. */
export async function optOutByDelivery(db: Database, deliveryId: string): Promise<boolean> {
  const delivery = await db.announcementDelivery.findUnique({
    where: { id: deliveryId },
    select: { followerId: true, channel: true },
  });
  if (!delivery || delivery.channel === 'INAPP') return false;
  const column = { EMAIL: 'optOutEmail', PUSH: 'optOutPush', LINE: 'optOutLine' } as const;
  await db.follower.update({ where: { id: delivery.followerId }, data: { [column[delivery.channel]]: true } });
  return true;
}
