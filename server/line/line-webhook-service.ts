// What a verified LINE webhook does: each event once (by webhookEventId), follows and unfollows into the brand's
// followers, messages into the brand's conversations, postbacks (quick-reply taps) to whoever put their data there,
// the reply token kept for the answer.
import type { Database } from '../database/prisma-client';
import type { LineEvent } from './line-schemas';

export interface LineInbound {
  /** A LINE user followed (added the account as a friend, or unblocked it). */
  followed(input: { brandId: string; followerId: string; firstTime: boolean }): Promise<void>;
  /**
   * A LINE user wrote: `text` (a text message, a location as its name, address and a map link, a sticker as its
   * keywords), or `image` (LINE's message id, whose content the module fetches and stores), or a short note for
   * what a conversation cannot hold (video, audio, files).
   */
  messaged(input: {
    brandId: string;
    followerId: string;
    text: string;
    image?: { lineMessageId: string };
  }): Promise<void>;
  /** A LINE user tapped a postback action (a quick reply) carrying `data`. */
  postbacked(input: { brandId: string; followerId: string; data: string }): Promise<void>;
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

type LineMessageEvent = {
  id: string;
  type: string;
  text?: string;
  title?: string;
  address?: string;
  latitude?: number;
  longitude?: number;
  keywords?: string[];
  contentProvider?: { type?: string };
};

/** What a LINE message becomes in the conversation: its text, or an image to fetch, or a note. */
export function inboundOf(message: LineMessageEvent): { text: string; image?: { lineMessageId: string } } {
  if (message.type === 'text') return { text: message.text ?? '' };
  if (message.type === 'image' && (message.contentProvider?.type ?? 'line') === 'line')
    return { text: placeholders.image!, image: { lineMessageId: message.id } };
  if (message.type === 'location' && Number.isFinite(message.latitude) && Number.isFinite(message.longitude)) {
    const place = [message.title, message.address].filter((part) => part?.trim()).join('\n');
    const map = `https://www.google.com/maps/search/?api=1&query=${message.latitude},${message.longitude}`;
    return { text: `📍 ${place || 'Location'}\n${map}` };
  }
  if (message.type === 'sticker') {
    // Message stickers carry their text; others a few keywords describing them.
    const words = message.text?.trim() || (message.keywords ?? []).slice(0, 3).join(', ');
    return { text: words ? `[sticker: ${words}]` : placeholders.sticker! };
  }
  return { text: placeholders[message.type] ?? '[sent a message LINE cannot show here]' };
}

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
  if (event.type === 'postback' && 'postback' in event) {
    const { data } = event.postback as { data: string };
    const follower = await followerFor(db, brandId, lineUserId, true);
    await keepReplyToken(db, brandId, follower.id, event.replyToken as string | undefined, event.timestamp);
    await inbound.postbacked({ brandId, followerId: follower.id, data });
    return;
  }
  if (event.type === 'message' && 'message' in event) {
    const { text, image } = inboundOf(event.message as LineMessageEvent);
    if (!text.trim()) return;
    const follower = await followerFor(db, brandId, lineUserId, true);
    await keepReplyToken(db, brandId, follower.id, event.replyToken as string | undefined, event.timestamp);
    await inbound.messaged({ brandId, followerId: follower.id, text: Array.from(text).slice(0, 2000).join(''), image });
  }
}
