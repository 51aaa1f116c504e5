import { randomBytes } from 'node:crypto';
import { AppError } from '../errors/app-error';
import type { PaymentEventInput, PaymentIntentView, PaymentProvider } from './payment-provider';

// Embedded-mode payments: no network, no keys. Card numbers follow Stripe's test cards so the form reads the same.
export const testCards = { success: '4242424242424242', declined: '4000000000000002' } as const;

export interface TestPayments extends PaymentProvider {
  /** The test-card form posts here; the result is an event for the same handler Stripe webhooks feed. */
  confirm(paymentIntentId: string, cardNumber: string): PaymentEventInput;
}

export function createTestPayments(): TestPayments {
  const intents = new Map<string, PaymentIntentView>();
  const byKey = new Map<string, string>();
  const event = (intent: PaymentIntentView, kind: PaymentEventInput['kind']): PaymentEventInput => ({
    provider: 'test',
    eventId: `test_evt_${randomBytes(10).toString('hex')}`,
    kind,
    paymentIntentId: intent.id,
    orderId: intent.orderId,
    amountMinor: intent.amountMinor,
    amountRefundedMinor: intent.amountRefundedMinor,
    payload: { ...intent, clientSecret: undefined },
  });
  const find = (id: string) => {
    const intent = intents.get(id);
    if (!intent) throw new AppError('NOT_FOUND', 'payment not found');
    return intent;
  };

  return {
    name: 'test',
    publishableKey: null,
    async createPayment(input) {
      const existing = byKey.get(input.idempotencyKey);
      if (existing) return { ...intents.get(existing)! };
      const id = `test_pi_${randomBytes(10).toString('hex')}`;
      const intent: PaymentIntentView = {
        id,
        status: 'requires_payment',
        amountMinor: input.amountMinor,
        currency: input.currency,
        amountRefundedMinor: 0,
        clientSecret: `${id}_secret_${randomBytes(8).toString('hex')}`,
        orderId: input.orderId,
      };
      intents.set(id, intent);
      byKey.set(input.idempotencyKey, id);
      return { ...intent };
    },
    async retrievePayment(id) {
      const intent = intents.get(id);
      return intent ? { ...intent } : null;
    },
    async cancelPayment(id) {
      const intent = intents.get(id);
      if (intent && intent.status !== 'succeeded') intent.status = 'canceled';
    },
    async refund({ paymentIntentId, amountMinor }) {
      const intent = find(paymentIntentId);
      if (intent.status !== 'succeeded') throw new AppError('ORDER_NOT_PAYABLE', 'only a paid order can be refunded');
      intent.amountRefundedMinor = Math.min(intent.amountMinor, intent.amountRefundedMinor + amountMinor);
      return { refundId: `test_re_${randomBytes(8).toString('hex')}` };
    },
    confirm(paymentIntentId, cardNumber) {
      const intent = find(paymentIntentId);
      if (intent.status === 'canceled') throw new AppError('ORDER_NOT_PAYABLE', 'this payment was canceled');
      if (intent.status === 'succeeded') return event(intent, 'succeeded');
      const digits = cardNumber.replace(/\D/g, '');
      if (digits === testCards.success) {
        intent.status = 'succeeded';
        return event(intent, 'succeeded');
      }
      return event(intent, 'failed');
    },
  };
}
