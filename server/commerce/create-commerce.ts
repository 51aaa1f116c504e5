// Composition of the commerce service: picks the stock counter (Redis or in-process), the payment provider
// (Stripe or test payments) and the mail sender (SMTP or outbox), and runs the background jobs.
import type Stripe from 'stripe';
import type { Config } from '../config/config-schema';
import { FairStartGate, type FairStartConfig } from './fair-start';
import type { Database } from '../database/prisma-client';
import type { MailPort } from '../mail/mail-port';
import { createOutboxMail } from '../mail/outbox-mail';
import { createSmtpMail } from '../mail/smtp-mail';
import type { PaymentProvider } from '../payments/payment-provider';
import { createStripeClient, createStripePayments, type StripeEndpoint } from '../payments/stripe-payments';
import { createTestPayments, type TestPayments } from '../payments/test-payments';
import type { CommerceContext, CommerceLog } from './commerce-context';
import { reconcilePayments } from './reconcile-payments';
import { createCounterRepair } from './repair-counters';
import { expireDueHolds } from './release-hold';
import { wallMediaClock } from '../cues/media-clock';
import { offerWaitlists, silentKeywordNotifier } from './keyword-orders/keyword-orders';
import { silentBroadcaster, throttleStockUpdates, type SaleBroadcaster } from './sale-broadcaster';
import { createSaleStockWriter } from './sale-stock-writer';
import { HeldOrders } from './held-orders';
import { endDueSales } from './start-flash-sale';
import { createMemoryStockCounter } from './stock/memory-stock-counter';
import { createRedisStockCounter } from './stock/redis-stock-counter';

export type CommerceConfig = Pick<
  Config,
  'mode' | 'redisUrl' | 'stripe' | 'smtpUrl' | 'mailFrom' | 'reservationHoldSeconds'
>;

export interface CommerceOptions {
  db: Database;
  config: CommerceConfig;
  publicBaseUrl: string;
  /** Tests: point the Stripe SDK at the local stand-in. */
  stripeEndpoint?: StripeEndpoint;
  redisKeyPrefix?: string;
  /** Background jobs (expiry sweeper, sale end, reconciliation); tests may drive them by hand. */
  jobs?: boolean;
  reconcileEveryMs?: number;
  /** How often active sales' stock counters are compared with the database (server/commerce/repair-counters.ts). */
  counterRepairEveryMs?: number;
  /** The flash sale's fair start (server/commerce/fair-start.ts); tests shorten the window. */
  fairStart?: Partial<FairStartConfig>;
  /** Where commerce's `[order:…]`-tagged lines go (main.ts: JSON through server/observability/process-log.ts). */
  log?: CommerceLog;
}

export interface Commerce {
  ctx: CommerceContext;
  stripe: { client: Stripe; webhookSecret: string } | null;
  testPayments: TestPayments | null;
  /** The realtime service plugs in here once it is up; stock updates are throttled to 10/s per sale. */
  setBroadcaster(broadcaster: SaleBroadcaster): void;
  /** The background jobs (expiry sweeper, sale end, counter repair, reconciliation); once. */
  startJobs(): void;
  close(): Promise<void>;
}

const stripeEndpointOf = (url: string | undefined): StripeEndpoint | undefined => {
  if (!url) return undefined;
  const parsed = new URL(url);
  const protocol = parsed.protocol === 'http:' ? 'http' : 'https';
  return { host: parsed.hostname, port: Number(parsed.port || (protocol === 'http' ? 80 : 443)), protocol };
};

export async function createCommerce(options: CommerceOptions): Promise<Commerce> {
  const { db, config } = options;
  const counter = config.redisUrl
    ? await createRedisStockCounter(config.redisUrl, options.redisKeyPrefix)
    : createMemoryStockCounter();
  let stripe: Commerce['stripe'] = null;
  let testPayments: TestPayments | null = null;
  let payments: PaymentProvider;
  if (config.stripe) {
    const client = createStripeClient(
      config.stripe,
      options.stripeEndpoint ?? stripeEndpointOf(config.stripe.apiBaseUrl),
    );
    stripe = { client, webhookSecret: config.stripe.webhookSecret };
    payments = createStripePayments(client, config.stripe);
  } else {
    testPayments = createTestPayments(db);
    payments = testPayments;
  }
  const mail: MailPort = config.smtpUrl ? createSmtpMail(config.smtpUrl, config.mailFrom) : createOutboxMail(db);
  const fairStart = new FairStartGate(options.fairStart);
  const ctx: CommerceContext = {
    db,
    counter,
    writer: createSaleStockWriter(db, fairStart.config.maxLagMs),
    payments,
    mail,
    broadcaster: silentBroadcaster,
    keywordNotifier: silentKeywordNotifier,
    mediaClock: wallMediaClock,
    holdSeconds: config.reservationHoldSeconds,
    fairStart,
    publicBaseUrl: options.publicBaseUrl,
    log:
      options.log ?? ((message, level = 'info') => console[level === 'info' ? 'log' : level](`[commerce] ${message}`)),
    saleFacts: new Map(),
    heldOrders: new HeldOrders(),
  };

  const timers: NodeJS.Timeout[] = [];
  let closed = false;
  const every = (ms: number, job: () => Promise<unknown>) => {
    let busy = false;
    const timer = setInterval(() => {
      if (busy || closed) return;
      busy = true;
      job()
        .catch((error) => ctx.log(`job failed: ${(error as Error).message}`, 'error'))
        .finally(() => {
          busy = false;
        });
    }, ms);
    timer.unref();
    timers.push(timer);
  };
  const startJobs = () => {
    if (timers.length > 0) return;
    // Units from expired holds go to the chat-keyword waitlists first, in order.
    every(1000, async () => (await expireDueHolds(ctx)) > 0 && offerWaitlists(ctx));
    every(1000, () => endDueSales(ctx));
    every(options.counterRepairEveryMs ?? 5000, createCounterRepair(ctx));
    every(options.reconcileEveryMs ?? 60_000, () => reconcilePayments(ctx));
  };
  if (options.jobs !== false) startJobs();

  return {
    ctx,
    stripe,
    testPayments,
    setBroadcaster(broadcaster) {
      ctx.broadcaster.close();
      ctx.broadcaster = throttleStockUpdates(broadcaster, 100);
    },
    startJobs,
    async close() {
      closed = true;
      ctx.fairStart.close();
      for (const timer of timers) clearInterval(timer);
      await ctx.writer.close();
      ctx.broadcaster.close();
      await counter.close();
      await mail.close();
    },
  };
}
