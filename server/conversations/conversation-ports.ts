// What the conversations domain needs from outside and offers to others (the automation module, LINE).
import type { Database } from '../database/prisma-client';
import type { FileStorage } from '../storage/file-storage';
import type { ConversationMessageView, ConversationSummary } from './conversation-schemas';
import type { CustomerMessageWriter } from './message-writes';

/** A balloon staff or the bot sends: text, an image (already stored through the storage port) or a product card. */
export type Balloon =
  | { kind: 'text'; text: string }
  | { kind: 'image'; imageKey: string }
  | { kind: 'product'; productId: string };

/**
 * A tap LINE shows under a bot message (a quick reply): it comes back to the webhook as a postback event carrying
 * `data`, and shows `displayText` in the chat as her answer. Not stored with the message: the web asks through its own
 * prompt (a survey's chat prompt).
 */
export interface QuickReply {
  label: string;
  data: string;
  displayText: string;
}

/** A balloon as it leaves for LINE: absolute URLs and the product's current price, ready to become LINE messages. */
export type OutboundBalloon =
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

/**
 * Staff and bot messages to a customer who is a LINE follower go out through this port (implemented by the
 * automation/LINE module: the reply token while it is valid, else push). Called after the message is stored; a
 * failure is logged and never undoes the stored message.
 */
export interface LineReplyPort {
  send(input: {
    brandId: string;
    conversationId: string;
    followerId: string;
    lineUserId: string;
    messageId: string;
    balloons: OutboundBalloon[];
    quickReplies?: QuickReply[];
  }): Promise<void>;
}

/** Who wrote to the brand: a signed-in customer by user id, a LINE user by follower id. */
export type CustomerRef = { userId: string } | { followerId: string };

export interface CustomerMessageEvent {
  brandId: string;
  conversation: ConversationSummary;
  message: ConversationMessageView;
  /** The conversation row's automation fields at the time the message was stored. */
  mode: 'BOT' | 'HUMAN';
  lastHumanReplyAt: Date | null;
  channel: 'web' | 'line';
  /** True when this message opened the conversation (the first ever). */
  firstMessage: boolean;
}

/** Called after a customer message is stored and delivered; never blocks delivery, errors are logged. */
export type CustomerMessageHook = (event: CustomerMessageEvent) => void | Promise<void>;

/** Live delivery to the sockets of one account and to a brand's chat staff (server/realtime: emitToUser, emitToBrandStaff). */
export interface ConversationRealtime {
  emitToUser(userId: string, event: string, payload: unknown): void;
  emitToBrandStaff(brandId: string, event: string, payload: unknown): void;
  /** The customer's bell (inbox streams on every process) should refresh. */
  inboxChanged(userId: string): void;
}

/** Tells an offline customer about a reply (email etc.); the service limits it to once per conversation per few minutes. */
export type OfflineNotifier = (input: {
  conversationId: string;
  brandId: string;
  userId: string | null;
  followerId: string | null;
  preview: string;
}) => Promise<void>;

export interface ConversationContext {
  db: Database;
  /** Customers' messages are written through this group commit (message-writes.ts). */
  customerMessages: CustomerMessageWriter;
  storage: FileStorage;
  realtime: ConversationRealtime;
  publicBaseUrl: string;
  hooks: { onCustomerMessage: CustomerMessageHook[] };
  /** Set by the module that implements LINE (null: staff replies to LINE users are stored but not sent). */
  line: { port: LineReplyPort | null };
  notifyOffline: OfflineNotifier | null;
  /** Whether any socket of this account is connected on any node (for the offline notice). */
  isOnline(userId: string): Promise<boolean>;
  log: { warn(object: object, message: string): void };
}
