import type { MediaClock } from '../cues/media-clock';
import type { Database } from '../database/prisma-client';
import type { ClientAddressRule } from '../http/client-address';
import type { ChatHistory } from './chat/chat-history';
import type { SendChatDeps } from './chat/send-chat-message';
import type { JoinStateExtension, PinnedProduct, ServerEventPayload, serverEventSchemas } from './contract';
import type { ImageLinks } from './pins/pinned-products';
import type { AudienceStats } from './presence/audience-stats';
import type { PresenceTracker } from './presence/presence-tracker';
import type { ViewerTally } from './presence/viewer-tally';
import type { ReactionAggregator } from './reactions/reaction-aggregator';
import type { ShowContextCache } from './show-context';
import type { FreshLoader } from './transport/fresh-loader';
import type { RealtimeLogger } from './transport/realtime-logger';
import type { RealtimeServer } from './transport/socket-types';

export type JoinStateProvider = (showId: string) => Promise<JoinStateExtension>;

/** Everything the socket handlers share on one node, built once by createRealtime. */
export interface RealtimeServices {
  io: RealtimeServer;
  db: Database;
  logger: RealtimeLogger;
  images: ImageLinks;
  mediaClock: MediaClock;
  contexts: ShowContextCache;
  history: ChatHistory;
  pins: FreshLoader<PinnedProduct[]>;
  presence: PresenceTracker;
  reactions: ReactionAggregator;
  tally: ViewerTally;
  stats: AudienceStats;
  chat: SendChatDeps;
  /** A socket's client address (X-Forwarded-For from trusted proxies only), the same rule as HTTP's limits. */
  clientAddress: ClientAddressRule;
  joinStateProviders: JoinStateProvider[];
  /** Told of every chat message a signed-in or anonymous viewer sent (ordering by chat keyword listens). */
  chatListeners: ChatListener[];
  /** Validated broadcast to a show's room on every node. */
  broadcast<E extends keyof typeof serverEventSchemas>(
    rooms: string | string[],
    event: E,
    payload: ServerEventPayload<E>,
  ): void;
  /** Drops cached show settings here and on the other nodes. */
  contextChanged(showId: string, brandId: string): void;
}

/** A chat message as another service may react to it (after it was accepted and sent). */
export type ChatListener = (said: {
  showId: string;
  brandId: string;
  userId: string | null;
  text: string;
  /** The brand's chat order keywords, from the cached show context (no query per message). */
  orderKeywords: readonly string[];
}) => void;
