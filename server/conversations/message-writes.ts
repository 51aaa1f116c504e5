// One SQL statement per message: the access check, the message row, the conversation's new state and the names
// its summary shows (brand, customer, assignee) are written and read in a single round trip (data-modifying CTEs are atomic, so no
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
  follower."lineUserId" AS "c_lineUserId", assignee."name" AS "c_assigneeName"`;

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
  c_assigneeName: string | null;
};

export interface WrittenMessage {
  message: ConversationMessage;
  row: ConversationRow;
  /** The assignee's name as the summary shows it (read in the same statement: no second query per message). */
  names: Map<string, string>;
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
  const names = new Map<string, string>();
  if (joined.c_assigneeId && joined.c_assigneeName !== null) names.set(joined.c_assigneeId, joined.c_assigneeName);
  return { message, row, names };
}

const names = Prisma.sql`
  JOIN "Brand" brand ON brand."id" = target."brandId"
  LEFT JOIN "User" account ON account."id" = target."userId"
  LEFT JOIN "Follower" follower ON follower."id" = target."followerId"
  LEFT JOIN "User" assignee ON assignee."id" = target."assigneeId"`;

export interface CustomerWrite extends MessageFields {
  conversationId: string;
  /** Checked when given (the caller's idea of the brand); the customer's ownership is always checked. */
  brandId: string | null;
  customer: { userId: string } | { followerId: string };
}

/**
 * Customers' messages into their conversations, any number in one statement: each checked to be hers (`userId`, or
 * the LINE follower's), stored, and its conversation brought back to the open list with one more unread message
 * for staff. One entry per conversation (the batcher below keeps a second one for the next statement). Answers in
 * input order; null where the conversation is not that customer's.
 */
export async function writeCustomerMessages(db: Database, inputs: CustomerWrite[]): Promise<(WrittenMessage | null)[]> {
  if (inputs.length === 0) return [];
  const ids = inputs.map(() => newId());
  const column = (pick: (input: CustomerWrite) => string | null) => inputs.map(pick);
  const rows = await db.$queryRaw<(JoinedRow & { i_order: number })[]>`
    WITH input AS (
      SELECT * FROM unnest(
        ${ids}::text[], ${column((input) => input.conversationId)}::text[], ${column((input) => input.brandId)}::text[],
        ${column((input) => ('userId' in input.customer ? input.customer.userId : null))}::text[],
        ${column((input) => ('followerId' in input.customer ? input.customer.followerId : null))}::text[],
        ${column((input) => input.kind)}::text[], ${column((input) => input.text)}::text[],
        ${column((input) => input.imageKey)}::text[], ${column((input) => input.productId)}::text[],
        ${column((input) => input.preview)}::text[], ${column((input) => input.at.toISOString())}::text[]
      ) WITH ORDINALITY AS i("messageId", "conversationId", "brandId", "userId", "followerId", "kind", "text",
                             "imageKey", "productId", "preview", "at", "order")
    ), target AS (
      -- A customer writing again brings a resolved or snoozed conversation back to the open list.
      UPDATE "Conversation" AS c
         SET "lastMessageAt" = (i."at"::timestamptz AT TIME ZONE 'UTC'), "lastMessagePreview" = i."preview",
             "lastCustomerMessageAt" = (i."at"::timestamptz AT TIME ZONE 'UTC'), "staffUnread" = c."staffUnread" + 1,
             "status" = 'OPEN'::"ConversationStatus", "snoozedUntil" = NULL,
             "customerUnread" = 0, "customerReadAt" = (i."at"::timestamptz AT TIME ZONE 'UTC')
        FROM input AS i
       WHERE c."id" = i."conversationId" AND (i."brandId" IS NULL OR c."brandId" = i."brandId")
         AND (c."userId" = i."userId" OR c."followerId" = i."followerId")
      RETURNING c.*, i."messageId" AS "i_messageId", i."order" AS "i_order"
    ), message AS (
      INSERT INTO "ConversationMessage" ("id", "conversationId", "brandId", "sender", "authorId", "kind", "text", "imageKey", "productId", "createdAt")
      SELECT i."messageId", target."id", target."brandId", 'CUSTOMER'::"ConversationSender", i."userId",
             i."kind"::"ConversationMessageKind", i."text", i."imageKey", i."productId",
             (i."at"::timestamptz AT TIME ZONE 'UTC')
        FROM target JOIN input AS i ON i."messageId" = target."i_messageId"
      RETURNING *
    )
    SELECT message.*, target."i_order"::int AS "i_order", ${conversationColumns}
      FROM message JOIN target ON target."i_messageId" = message."id" ${names}`;
  const answers: (WrittenMessage | null)[] = inputs.map(() => null);
  for (const row of rows) answers[Number(row.i_order) - 1] = split(row);
  return answers;
}

/**
 * Group commit for customers' messages: while statements are in flight, messages that arrive wait and go together
 * in the next one, so at 100 messages a second a node sends a few statements a second instead of 100, and a
 * message alone goes at once. A statement the database refuses is retried row by row, so one bad row fails alone.
 */
export function createCustomerMessageWriter(db: Database, options: { inFlight?: number; batch?: number } = {}) {
  const maxInFlight = options.inFlight ?? 3;
  const maxBatch = options.batch ?? 100;
  type Waiting = { input: CustomerWrite; resolve(value: WrittenMessage | null): void; reject(error: unknown): void };
  let waiting: Waiting[] = [];
  let inFlight = 0;
  const run = async (batch: Waiting[]) => {
    try {
      const answers = await writeCustomerMessages(
        db,
        batch.map((entry) => entry.input),
      );
      batch.forEach((entry, index) => entry.resolve(answers[index] ?? null));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      await Promise.all(batch.map((entry) => run([entry])));
    }
  };
  // Conversations with a message in a statement in flight: their next message waits for it, so one conversation's
  // messages are stored in the order they came, and a statement never updates one row twice.
  const busy = new Set<string>();
  const flush = () => {
    while (inFlight < maxInFlight && waiting.length > 0) {
      const batch: Waiting[] = [];
      const later: Waiting[] = [];
      const taken = new Set<string>();
      for (const entry of waiting) {
        const id = entry.input.conversationId;
        if (batch.length < maxBatch && !taken.has(id) && !busy.has(id)) {
          taken.add(id);
          batch.push(entry);
        } else later.push(entry);
      }
      if (batch.length === 0) return;
      waiting = later;
      for (const id of taken) busy.add(id);
      inFlight += 1;
      void run(batch).finally(() => {
        inFlight -= 1;
        for (const id of taken) busy.delete(id);
        flush();
      });
    }
  };
  return {
    write(input: CustomerWrite): Promise<WrittenMessage | null> {
      return new Promise((resolve, reject) => {
        waiting.push({ input, resolve, reject });
        flush();
      });
    },
  };
}
export type CustomerMessageWriter = ReturnType<typeof createCustomerMessageWriter>;

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
