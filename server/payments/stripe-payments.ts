import Stripe from 'stripe';
import { AppError } from '../errors/app-error';
import type { CreatePaymentInput, PaymentIntentView, PaymentProvider, PaymentStatus } from './payment-provider';

export interface StripeKeys {
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
}

/** Points the SDK at a local stand-in in tests; at api.stripe.com otherwise. */
export interface StripeEndpoint {
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

export function createStripeClient(keys: StripeKeys, endpoint?: StripeEndpoint): Stripe {
  return new Stripe(keys.secretKey, {
    maxNetworkRetries: endpoint ? 0 : 2,
    telemetry: false,
    timeout: 15_000,
    ...endpoint,
  });
}

const statusOf = (status: Stripe.PaymentIntent.Status): PaymentStatus => {
  if (status === 'succeeded') return 'succeeded';
  if (status === 'canceled') return 'canceled';
  if (status === 'processing') return 'processing';
  return 'requires_payment';
};

export function toIntentView(intent: Stripe.PaymentIntent): PaymentIntentView {
  const charge = typeof intent.latest_charge === 'object' && intent.latest_charge ? intent.latest_charge : null;
  return {
    id: intent.id,
    status: statusOf(intent.status),
    amountMinor: intent.amount,
    currency: intent.currency,
    amountRefundedMinor: charge?.amount_refunded ?? 0,
    clientSecret: intent.client_secret,
    orderId: intent.metadata?.orderId ?? null,
  };
}

/**
 * Stripe unreachable or timing out, failing on its side (5xx, unreadable answer) or throttling us: nothing was
 * charged and a retry with the same idempotency key is safe, so the buyer gets a stable 503 to act on. Other errors
 * (our keys, our request) stay as they are: a bug for the logs, not something the buyer can fix.
 */
function rethrowUnavailable(error: unknown): never {
  const type = (error as { type?: string } | null)?.type;
  if (type !== 'StripeConnectionError' && type !== 'StripeAPIError' && type !== 'StripeRateLimitError') throw error;
  const unavailable = new AppError(
    'PAYMENT_PROVIDER_UNAVAILABLE',
    'payments are unavailable right now; your items stay held, try again in a minute',
  );
  unavailable.cause = error;
  throw unavailable;
}

export function createStripePayments(stripe: Stripe, keys: StripeKeys): PaymentProvider {
  return {
    name: 'stripe',
    publishableKey: keys.publishableKey,
    async createPayment(input: CreatePaymentInput) {
      const intent = await stripe.paymentIntents
        .create(
          {
            amount: input.amountMinor,
            currency: input.currency,
            description: input.description,
            metadata: { orderId: input.orderId },
            automatic_payment_methods: { enabled: true },
          },
          { idempotencyKey: input.idempotencyKey },
        )
        .catch(rethrowUnavailable);
      return toIntentView(intent);
    },
    async retrievePayment(paymentIntentId: string) {
      try {
        return toIntentView(await stripe.paymentIntents.retrieve(paymentIntentId, { expand: ['latest_charge'] }));
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return null;
        throw error;
      }
    },
    async cancelPayment(paymentIntentId: string) {
      try {
        await stripe.paymentIntents.cancel(paymentIntentId, {}, { idempotencyKey: `cancel:${paymentIntentId}` });
      } catch (error) {
        // Already succeeded or canceled: the webhook (or reconciliation) tells the order what happened.
        if ((error as { type?: string }).type !== 'StripeInvalidRequestError') throw error;
      }
    },
    async refund(input) {
      const refund = await stripe.refunds.create(
        { payment_intent: input.paymentIntentId, amount: input.amountMinor },
        { idempotencyKey: input.idempotencyKey },
      );
      return { refundId: refund.id };
    },
  };
}
