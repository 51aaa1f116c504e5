// One SQL statement per message: the access check, the message row, the conversation's new state and the names
// its summary shows are written and read in a single round trip (data-modifying CTEs are atomic, so no
// transaction is needed). The send path of every channel goes through here; at 100 messages a second the number
// of round trips per message is what limits a node, not the work inside PostgreSQL.
import { Prisma, type ConversationMessage } from '../../prisma/generated/client';
import { newId } from '../commerce/new-id';
import type { Database } from '../database/prisma-client';
import type { ConversationRow } from './conversation-view';

type Kind = 'TEXT' | 'IMAGE' | 'PRODUCT';

interface MessageFields {
  kind: Kind;
  text: string;
  imageKey: string | null;
  productId: string | null;
  preview: string;
  at: Date;
}

/** The conversation's columns under a prefix, so they do not collide with the message's own (id, brandId…). */
const conversationColumns = Prisma.sql`
  target."id" AS "c_id", target."brandId" AS "c_brandId", target."userId" AS "c_userId",
  target."followerId" AS "c_followerId", target."channel"::text AS "c_channel", target."status"::text AS "c_status",
  target."mode"::text AS "c_mode", target."assigneeId" AS "c_assigneeId", target."snoozedUntil" AS "c_snoozedUntil",
  target."lastHumanReplyAt" AS "c_lastHumanReplyAt", target."lastCustomerMessageAt" AS "c_lastCustomerMessageAt",
  target."lastMessageAt" AS "c_lastMessageAt", target."lastMessagePreview" AS "c_lastMessagePreview",
  target."staffUnread" AS "c_staffUnread", target."customerUnread" AS "c_customerUnread",
  target."customerReadAt" AS "c_customerReadAt", target."staffReadAt" AS "c_staffReadAt",
  target."customerNotifiedAt" AS "c_customerNotifiedAt", target."createdAt" AS "c_createdAt",
  brand."name" AS "c_brandName", account."name" AS "c_userName", follower."name" AS "c_followerName",
  follower."lineUserId" AS "c_lineUserId"`;

type JoinedRow = ConversationMessage & {
  c_id: string;
  c_brandId: string;
  c_userId: string | null;
  c_followerId: string | null;
  c_channel: ConversationRow['channel'];
  c_status: ConversationRow['status'];
  c_mode: ConversationRow['mode'];
  c_assigneeId: string | null;
  c_snoozedUntil: Date | null;
  c_lastHumanReplyAt: Date | null;
  c_lastCustomerMessageAt: Date | null;
  c_lastMessageAt: Date;
  c_lastMessagePreview: string;
  c_staffUnread: number;
  c_customerUnread: number;
  c_customerReadAt: Date | null;
  c_staffReadAt: Date | null;
  c_customerNotifiedAt: Date | null;
  c_createdAt: Date;
  c_brandName: string;
  c_userName: string | null;
  c_followerName: string | null;
  c_lineUserId: string | null;
};

export interface WrittenMessage {
  message: ConversationMessage;
  row: ConversationRow;
}

const date = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

function split(joined: JoinedRow): WrittenMessage {
  const row: ConversationRow = {
    id: joined.c_id,
    brandId: joined.c_brandId,
    userId: joined.c_userId,
    followerId: joined.c_followerId,
    channel: joined.c_channel,
    status: joined.c_status,
    mode: joined.c_mode,
    assigneeId: joined.c_assigneeId,
    snoozedUntil: date(joined.c_snoozedUntil),
    lastHumanReplyAt: date(joined.c_lastHumanReplyAt),
    lastCustomerMessageAt: date(joined.c_lastCustomerMessageAt),
    lastMessageAt: date(joined.c_lastMessageAt)!,
    lastMessagePreview: joined.c_lastMessagePreview,
    staffUnread: Number(joined.c_staffUnread),
    customerUnread: Number(joined.c_customerUnread),
    customerReadAt: date(joined.c_customerReadAt),
    staffReadAt: date(joined.c_staffReadAt),
    customerNotifiedAt: date(joined.c_customerNotifiedAt),
    createdAt: date(joined.c_createdAt)!,
    brand: { name: joined.c_brandName },
    user: joined.c_userName === null ? null : { name: joined.c_userName },
    follower: joined.c_followerName === null ? null : { name: joined.c_followerName, lineUserId: joined.c_lineUserId },
  };
  const message: ConversationMessage = {
    id: joined.id,
    conversationId: joined.conversationId,
    brandId: joined.brandId,
    seq: BigInt(joined.seq),
    sender: joined.sender,
    authorId: joined.authorId,
    authorName: joined.authorName,
    kind: joined.kind,
    text: joined.text,
    imageKey: joined.imageKey,
    productId: joined.productId,
    private: joined.private,
    createdAt: date(joined.createdAt)!,
  };
  return { message, row };
}

const names = Prisma.sql`
  JOIN "Brand" brand ON brand."id" = target."brandId"
  LEFT JOIN "User" account ON account."id" = target."userId"
  LEFT JOIN "Follower" follower ON follower."id" = target."followerId"`;

/**
 * A customer's message into her conversation: checked to be hers (`userId`, or the LINE follower's), stored, and the
 * conversation brought back to the open list with one more unread message for staff. Null when the conversation
 * is not this customer's with this brand.
 */
export async function writeCustomerMessage(
  db: Database,
  input: MessageFields & {
    conversationId: string;
    brandId: string;
    customer: { userId: string } | { followerId: string };
  },
): Promise<WrittenMessage | null> {
  const owner =
    'userId' in input.customer
      ? Prisma.sql`"userId" = ${input.customer.userId}`
      : Prisma.sql`"followerId" = ${input.customer.followerId}`;
  const authorId = 'userId' in input.customer ? input.customer.userId : null;
  const rows = await db.$queryRaw<JoinedRow[]>`
    WITH target AS (
      -- A customer writing again brings a resolved or snoozed conversation back to the open list.
      UPDATE "Conversation"
         SET "lastMessageAt" = ${input.at}, "lastMessagePreview" = ${input.preview},
             "lastCustomerMessageAt" = ${input.at}, "staffUnread" = "staffUnread" + 1,
             "status" = 'OPEN'::"ConversationStatus", "snoozedUntil" = NULL,
             "customerUnread" = 0, "customerReadAt" = ${input.at}
       WHERE "id" = ${input.conversationId} AND "brandId" = ${input.brandId} AND ${owner}
      RETURNING *
    ), message AS (
      INSERT INTO "ConversationMessage" ("id", "conversationId", "brandId", "sender", "authorId", "kind", "text", "imageKey", "productId", "createdAt")
      SELECT ${newId()}, target."id", target."brandId", 'CUSTOMER'::"ConversationSender", ${authorId},
             ${input.kind}::"ConversationMessageKind", ${input.text}, ${input.imageKey}, ${input.productId}, ${input.at}
        FROM target
      RETURNING *
    )
    SELECT message.*, ${conversationColumns}
      FROM message CROSS JOIN target ${names}`;
  return rows[0] ? split(rows[0]) : null;
}

/**
 * A staff or bot message (or a private note) into a conversation of this brand. A person's reply puts the
 * conversation in human mode, marks it read for staff and gives it to them if nobody had it; a private note
 * leaves the conversation as it is. Null when the conversation is not this brand's.
 */
export async function writeOutgoingMessage(
  db: Database,
  input: MessageFields & {
    conversationId: string;
    brandId: string;
    sender: 'STAFF' | 'BOT';
    author: { userId: string | null; name: string };
    private: boolean;
  },
): Promise<WrittenMessage | null> {
  const person =
    input.sender === 'STAFF'
      ? Prisma.sql`, "lastHumanReplyAt" = ${input.at}, "mode" = 'HUMAN'::"ConversationMode", "staffUnread" = 0,
          "staffReadAt" = ${input.at}, "assigneeId" = COALESCE("Conversation"."assigneeId", ${input.author.userId})`
      : Prisma.empty;
  const target = input.private
    ? Prisma.sql`SELECT * FROM "Conversation" WHERE "id" = ${input.conversationId} AND "brandId" = ${input.brandId}`
    : Prisma.sql`UPDATE "Conversation"
         SET "lastMessageAt" = ${input.at}, "lastMessagePreview" = ${input.preview},
             "customerUnread" = "customerUnread" + 1 ${person}
       WHERE "id" = ${input.conversationId} AND "brandId" = ${input.brandId}
      RETURNING *`;
  const rows = await db.$queryRaw<JoinedRow[]>`
    WITH target AS (${target}), message AS (
      INSERT INTO "ConversationMessage" ("id", "conversationId", "brandId", "sender", "authorId", "authorName", "kind", "text", "imageKey", "productId", "private", "createdAt")
      SELECT ${newId()}, target."id", target."brandId", ${input.sender}::"ConversationSender", ${input.author.userId},
             ${input.author.name}, ${input.kind}::"ConversationMessageKind", ${input.text}, ${input.imageKey},
             ${input.productId}, ${input.private}, ${input.at}
        FROM target
      RETURNING *
    )
    SELECT message.*, ${conversationColumns}
      FROM message CROSS JOIN target ${names}`;
  return rows[0] ? split(rows[0]) : null;
}
