// What a verified LINE webhook does: each event once (by webhookEventId), follows and unfollows into the brand's
// followers, messages into the brand's conversations, the reply token kept for the answer.
import type { Database } from '../database/prisma-client';
import type { LineEvent } from './line-schemas';

export interface LineInbound {
  /** A LINE user followed (added the account as a friend, or unblocked it). */
  followed(input: { brandId: string; followerId: string; firstTime: boolean }): Promise<void>;
  /** A LINE user wrote; `text` is the message, or a short note for stickers, images and the like. */
  messaged(input: { brandId: string; followerId: string; text: string }): Promise<void>;
}

export interface LineWebhookDeps {
  db: Database;
  inbound: LineInbound;
  log: { warn(object: object, message: string): void };
}

const placeholders: Record<string, string> = {
  image: '[sent an image on LINE]',
  video: '[sent a video on LINE]',
  audio: '[sent a voice message on LINE]',
  file: '[sent a file on LINE]',
  location: '[sent a location on LINE]',
  sticker: '[sent a sticker on LINE]',
};

async function followerFor(
  db: Database,
  brandId: string,
  lineUserId: string,
  following: boolean,
): Promise<{ id: string; created: boolean }> {
  const existing = await db.follower.findUnique({
    where: { brandId_lineUserId: { brandId, lineUserId } },
    select: { id: true, optOutLine: true },
  });
  if (existing) {
    if (following && existing.optOutLine)
      await db.follower.update({ where: { id: existing.id }, data: { optOutLine: false } });
    return { id: existing.id, created: false };
  }
  const created = await db.follower.upsert({
    where: { brandId_lineUserId: { brandId, lineUserId } },
    create: { brandId, lineUserId, name: 'LINE user' },
    update: {},
    select: { id: true },
  });
  return { id: created.id, created: true };
}

async function keepReplyToken(
  db: Database,
  brandId: string,
  followerId: string,
  replyToken: string | undefined,
  timestamp: number,
): Promise<void> {
  if (!replyToken) return;
  const receivedAt = new Date(Math.min(timestamp, Date.now()));
  await db.lineReplyToken.upsert({
    where: { followerId },
    create: { followerId, brandId, replyToken, receivedAt },
    update: { replyToken, receivedAt },
  });
}

/** Returns how many events were new (the others were redeliveries or replays and changed nothing). */
export async function handleLineEvents(deps: LineWebhookDeps, brandId: string, events: LineEvent[]): Promise<number> {
  const { db } = deps;
  let fresh = 0;
  for (const event of events) {
    // Claim the event id first: a second delivery of it (LINE's redelivery, or a replayed request) stops here.
    const claimed = await db.lineWebhookEvent.createMany({
      data: [{ webhookEventId: event.webhookEventId, brandId, type: event.type }],
      skipDuplicates: true,
    });
    if (claimed.count === 0) continue;
    fresh += 1;
    try {
      await handleOne(deps, brandId, event);
    } catch (error) {
      // Let LINE's redelivery (or the next attempt) do it again rather than losing the message.
      await db.lineWebhookEvent.deleteMany({ where: { webhookEventId: event.webhookEventId } });
      throw error;
    }
  }
  return fresh;
}

async function handleOne(deps: LineWebhookDeps, brandId: string, event: LineEvent): Promise<void> {
  const { db, inbound } = deps;
  const lineUserId = event.source?.type === 'user' ? event.source.userId : undefined;
  // Standby: another channel answers this chat (LINE's chat mode); group and room events are not 1:1 chats.
  if (!lineUserId || event.mode !== 'active') return;
  if (event.type === 'follow') {
    const follower = await followerFor(db, brandId, lineUserId, true);
    await keepReplyToken(
      db,
      brandId,
      follower.id,
      'replyToken' in event ? (event.replyToken as string | undefined) : undefined,
      event.timestamp,
    );
    await inbound.followed({ brandId, followerId: follower.id, firstTime: follower.created });
    return;
  }
  if (event.type === 'unfollow') {
    // Blocked: LINE refuses messages to this user until she follows again.
    const follower = await db.follower.findUnique({
      where: { brandId_lineUserId: { brandId, lineUserId } },
      select: { id: true },
    });
    if (!follower) return;
    await db.follower.update({ where: { id: follower.id }, data: { optOutLine: true } });
    await db.lineReplyToken.deleteMany({ where: { followerId: follower.id } });
    return;
  }
  if (event.type === 'message' && 'message' in event) {
    const message = event.message as { type: string; text?: string };
    const text =
      message.type === 'text'
        ? (message.text ?? '')
        : (placeholders[message.type] ?? '[sent a message LINE cannot show here]');
    if (!text.trim()) return;
    const follower = await followerFor(db, brandId, lineUserId, true);
    await keepReplyToken(db, brandId, follower.id, event.replyToken as string | undefined, event.timestamp);
    await inbound.messaged({ brandId, followerId: follower.id, text: text.slice(0, 2000) });
  }
}
