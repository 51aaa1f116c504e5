import type { FastifyInstance } from 'fastify';
import type Stripe from 'stripe';
import { AppError } from '../errors/app-error';
import type { PaymentEventHandler, PaymentEventInput } from './payment-provider';

export const stripeWebhookPath = '/api/payments/webhooks/stripe';

/** Stripe event -> our event; null for types we do not act on (acknowledged all the same). */
export function toPaymentEvent(event: Stripe.Event): PaymentEventInput | null {
  const base = { provider: 'stripe' as const, eventId: event.id, payload: event };
  switch (event.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed':
    case 'payment_intent.canceled': {
      const intent = event.data.object;
      const kind =
        event.type === 'payment_intent.succeeded'
          ? 'succeeded'
          : event.type === 'payment_intent.canceled'
            ? 'canceled'
            : 'failed';
      return {
        ...base,
        kind,
        paymentIntentId: intent.id,
        orderId: intent.metadata?.orderId ?? null,
        amountMinor: intent.amount,
        amountRefundedMinor: 0,
      };
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const intentId = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
      if (!intentId) return null;
      return {
        ...base,
        kind: 'refunded',
        paymentIntentId: intentId,
        orderId: charge.metadata?.orderId ?? null,
        amountMinor: charge.amount,
        amountRefundedMinor: charge.amount_refunded,
      };
    }
    default:
      return null;
  }
}

/**
 * Raw body, signature verified before anything else, then one handler. Idempotency on event.id lives in the
 * handler (it stores the event first, so a crash mid-way is finished by reconciliation).
 */
export async function registerStripeWebhookRoute(
  app: FastifyInstance,
  stripe: Stripe,
  webhookSecret: string,
  handle: PaymentEventHandler,
): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.post(stripeWebhookPath, { bodyLimit: 512 * 1024 }, async (request, reply) => {
      const signature = request.headers['stripe-signature'];
      if (!Buffer.isBuffer(request.body) || typeof signature !== 'string') {
        throw new AppError('WEBHOOK_SIGNATURE_INVALID', 'missing body or Stripe-Signature header');
      }
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(request.body, signature, webhookSecret);
      } catch {
        throw new AppError('WEBHOOK_SIGNATURE_INVALID', 'the Stripe signature does not match');
      }
      const mapped = toPaymentEvent(event);
      if (mapped) await handle(mapped);
      return reply.status(200).send({ received: true });
    });
  });
}
