import type { Database } from '../database/prisma-client';
import type { MailPort } from '../mail/mail-port';
import type { ComponentLogger } from '../observability/process-log';
import type { FairStartGate } from './fair-start';
import type { MediaClock } from '../cues/media-clock';
import type { HeldOrders } from './held-orders';
import type { KeywordNotifier } from './keyword-orders/keyword-orders';
import type { PaymentProvider } from '../payments/payment-provider';
import type { SaleBroadcaster } from './sale-broadcaster';
import type { SaleFacts, SaleStockWriter } from './sale-stock-writer';
import type { StockCounter } from './stock/stock-counter';

/** Everything the commerce functions need, built once in createCommerce (server/commerce/create-commerce.ts). */
export interface CommerceContext {
  db: Database;
  counter: StockCounter;
  writer: SaleStockWriter;
  payments: PaymentProvider;
  mail: MailPort;
  broadcaster: SaleBroadcaster;
  /** Private answers to chat-keyword orders and the show's live count (the realtime service plugs in). */
  keywordNotifier: KeywordNotifier;
  /** The media timeline sale cues are stamped on (server/cues/media-clock.ts). */
  mediaClock: MediaClock;
  /** Flash-sale orders reserved by this process, so a cancel skips its read. */
  heldOrders: HeldOrders;
  holdSeconds: number;
  /** Ranks the presses of each sale's first seconds by when the sale started in each buyer's video. */
  fairStart: FairStartGate;
  publicBaseUrl: string;
  log: CommerceLog;
  /** Immutable facts of recently used sales (price, product, limit); stock never comes from here. */
  saleFacts: Map<
    string,
    {
      facts: SaleFacts;
      startsAt: number;
      endsAt: number;
      quantity: number;
      showProductId: string;
      soldOutCued?: boolean;
    }
  >;
}

/**
 * Commerce's `[order:…]`-tagged lines. Failures pass 'warn' or 'error': they must show at the embedded default
 * LOG_LEVEL (warn), where the routine lines (a sale started, a refund done) stay quiet.
 */
export type CommerceLog = (message: string, level?: 'info' | 'warn' | 'error') => void;

/** main.ts: commerce's lines into the process's JSON log (server/observability/process-log.ts), each at its level. */
export function commerceLog(logger: ComponentLogger): CommerceLog {
  return (message, level = 'info') => logger[level](message);
}
