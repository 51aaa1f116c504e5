// Sends a conversation's staff and bot messages to a LINE user: with the reply token of her latest event while it is
// still fresh (free, and shown as an answer), else by push. A token is claimed (deleted) before use, so two
// messages never try the same one; a token LINE refuses (expired, used) falls back to push.
import type { RenderedBalloon } from '../announcements/announcement-schemas';
import { retryKeyFor } from '../channels/line-channel';
import { clipText, toLineMessages, type LineMessage } from '../channels/line-messages';
import type { QuickReply } from '../conversations/conversation-ports';
import type { Database } from '../database/prisma-client';
import { lineMessagesPerRequest, type LineClient } from './line-client';

/** LINE does not document how long a reply token lasts ("a certain period"); it has been seen to fail after ~30 s. */
export const replyTokenValidityMs = 25_000;

/** A balloon as the conversation sends it, with absolute URLs (the conversations domain's OutboundBalloon). */
export type LineOutboundBalloon =
  | { kind: 'text'; text: string }
  | { kind: 'image'; url: string }
  | {
      kind: 'product';
      productId: string;
      title: string;
      priceMinor: number;
      currency: string;
      imageUrl: string | null;
      url: string;
      available: boolean;
    };

export function outboundToLineMessages(balloons: LineOutboundBalloon[]): LineMessage[] {
  const rendered = balloons.map((balloon): RenderedBalloon => {
    switch (balloon.kind) {
      case 'text':
        return { type: 'text', text: balloon.text };
      case 'image':
        return { type: 'image', url: balloon.url, alt: '' };
      case 'product':
        return {
          type: 'product',
          productId: balloon.productId,
          title: balloon.title,
          priceMinor: balloon.priceMinor,
          currency: balloon.currency,
          imageUrl: balloon.imageUrl,
          url: balloon.url,
          label: balloon.available ? 'Buy now' : 'View',
          category: '',
        };
    }
  });
  return toLineMessages(rendered, (_index, url) => url);
}

export interface LineSendInput {
  brandId: string;
  conversationId: string;
  followerId: string;
  lineUserId: string;
  messageId: string;
  balloons: LineOutboundBalloon[];
  /** Postback taps under the last message (LINE shows them until she taps one or another message comes). */
  quickReplies?: QuickReply[];
}

/** LINE's limits for quick replies (Messaging API reference: quick reply, postback action). */
const maxQuickReplies = 13;

/** The quick-reply object LINE puts under a message: one postback action per tap. */
export function lineQuickReply(quickReplies: QuickReply[]): LineMessage['quickReply'] {
  return {
    items: quickReplies.slice(0, maxQuickReplies).map((reply) => ({
      type: 'action',
      action: {
        type: 'postback',
        label: clipText(reply.label, 20),
        data: reply.data,
        displayText: clipText(reply.displayText, 300),
      },
    })),
  };
}

export type LineSendOutcome = 'replied' | 'pushed' | 'skipped' | 'failed';

export interface LineSender {
  send(input: LineSendInput): Promise<LineSendOutcome>;
  /**
   * The next `count` balloons for this conversation belong together (a rule's answer, a welcome): they leave as one
   * request once all have come (or after `batchWaitMs`), so one reply token carries all of them.
   */
  expectBatch(conversationId: string, count: number): void;
}

/** How long an announced batch waits for its balloons before it goes with what it has. */
export const batchWaitMs = 2_000;

export function createLineSender(deps: {
  db: Database;
  client: LineClient;
  clock?: () => number;
  log: { warn(object: object, message: string): void };
}): LineSender {
  const { db, client } = deps;
  const now = deps.clock ?? Date.now;

  async function claimReplyToken(followerId: string): Promise<string | null> {
    const fresh = new Date(now() - replyTokenValidityMs);
    const rows = await db.$queryRaw<{ replyToken: string }[]>`
      DELETE FROM "LineReplyToken" WHERE "followerId" = ${followerId} AND "receivedAt" > ${fresh} RETURNING "replyToken"`;
    return rows[0]?.replyToken ?? null;
  }

  async function sendNow(input: LineSendInput): Promise<LineSendOutcome> {
    const account = await db.lineAccount.findUnique({ where: { brandId: input.brandId } });
    if (!account?.enabled) return 'skipped';
    const follower = await db.follower.findUnique({ where: { id: input.followerId }, select: { optOutLine: true } });
    if (follower?.optOutLine) return 'skipped';
    const messages = outboundToLineMessages(input.balloons);
    if (messages.length === 0) return 'skipped';
    if (input.quickReplies?.length)
      messages[messages.length - 1] = { ...messages.at(-1)!, quickReply: lineQuickReply(input.quickReplies) };
    const chunks: LineMessage[][] = [];
    for (let start = 0; start < messages.length; start += lineMessagesPerRequest)
      chunks.push(messages.slice(start, start + lineMessagesPerRequest));
    let outcome: LineSendOutcome = 'pushed';
    for (const [index, chunk] of chunks.entries()) {
      // Only the first request can use the token: a reply token answers one request.
      const token = index === 0 ? await claimReplyToken(input.followerId) : null;
      if (token) {
        const replied = await client.reply(account.channelAccessToken, token, chunk);
        if (replied.ok) {
          outcome = 'replied';
          continue;
        }
        deps.log.warn(
          { brandId: input.brandId, status: replied.status },
          'line: the reply token was refused, pushing instead',
        );
      }
      const pushed = await client.push(
        account.channelAccessToken,
        input.lineUserId,
        chunk,
        retryKeyFor([input.messageId, String(index)]),
      );
      if (!pushed.ok) {
        deps.log.warn({ brandId: input.brandId, status: pushed.status, error: pushed.error }, 'line: push failed');
        return 'failed';
      }
    }
    return outcome;
  }

  // A rule's or a welcome's balloons are stored one by one; announced as a batch, they leave as one request (one
  // reply token for all of them, in the order they were sent). Anything else goes at once.
  const batches = new Map<
    string,
    { expected: number; items: LineSendInput[]; waiters: ((outcome: LineSendOutcome) => void)[]; timer: NodeJS.Timeout }
  >();
  function flushBatch(conversationId: string): void {
    const batch = batches.get(conversationId);
    batches.delete(conversationId);
    if (!batch) return;
    clearTimeout(batch.timer);
    const [first] = batch.items;
    if (!first) return;
    const quickReplies = batch.items.at(-1)?.quickReplies;
    void sendNow({ ...first, balloons: batch.items.flatMap((item) => item.balloons), quickReplies })
      .catch((error: unknown) => {
        deps.log.warn({ err: error, brandId: first.brandId }, 'line: sending failed');
        return 'failed' as const;
      })
      .then((outcome) => {
        for (const waiter of batch.waiters) waiter(outcome);
      });
  }

  return {
    expectBatch(conversationId, count) {
      if (count < 2) return;
      flushBatch(conversationId);
      batches.set(conversationId, {
        expected: count,
        items: [],
        waiters: [],
        timer: setTimeout(() => flushBatch(conversationId), batchWaitMs).unref(),
      });
    },
    send(input) {
      return new Promise<LineSendOutcome>((resolve) => {
        const batch = batches.get(input.conversationId);
        if (batch) {
          batch.items.push(input);
          batch.waiters.push(resolve);
          if (batch.items.length >= batch.expected) flushBatch(input.conversationId);
          return;
        }
        sendNow(input).then(resolve, (error: unknown) => {
          deps.log.warn({ err: error, brandId: input.brandId }, 'line: sending failed');
          resolve('failed');
        });
      });
    },
  };
}
