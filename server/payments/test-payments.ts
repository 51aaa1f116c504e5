import { randomBytes } from 'node:crypto';
import type { TestPaymentIntent } from '../../prisma/generated/client';
import type { Database } from '../database/prisma-client';
import { AppError } from '../errors/app-error';
import type { PaymentEventInput, PaymentIntentView, PaymentProvider } from './payment-provider';

// Embedded-mode payments: no network, no keys. Card numbers follow Stripe's test cards so the form reads the same.
// The intents are rows (TestPaymentIntent), the provider's side of a payment as Stripe keeps it on its own: they
// outlive the process, so an order paid before a restart is refunded and reconciled after it, and every process
// on the database sees the same intent. Each change is one conditional statement, so two processes agree.
export const testCards = { success: '4242424242424242', declined: '4000000000000002' } as const;

export interface TestPayments extends PaymentProvider {
  /** The test-card form posts here; the result is an event for the same handler Stripe webhooks feed. */
  confirm(paymentIntentId: string, cardNumber: string): Promise<PaymentEventInput>;
}

const toView = (row: TestPaymentIntent): PaymentIntentView => ({
  id: row.id,
  status: row.status,
  amountMinor: row.amountMinor,
  currency: row.currency,
  amountRefundedMinor: row.amountRefundedMinor,
  clientSecret: row.clientSecret,
  orderId: row.orderId,
});

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002';

export function createTestPayments(db: Database): TestPayments {
  const intents = db.testPaymentIntent;
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
  const find = async (id: string) => {
    const row = await intents.findUnique({ where: { id } });
    if (!row) throw new AppError('NOT_FOUND', 'payment not found');
    return row;
  };

  const confirm = async (paymentIntentId: string, cardNumber: string): Promise<PaymentEventInput> => {
    const intent = toView(await find(paymentIntentId));
    if (intent.status === 'canceled') throw new AppError('ORDER_NOT_PAYABLE', 'this payment was canceled');
    if (intent.status === 'succeeded') return event(intent, 'succeeded');
    const digits = cardNumber.replace(/\D/g, '');
    if (digits !== testCards.success) return event(intent, 'failed');
    // Only an open intent becomes paid. A cancel or payment that landed since the read (both final) wins, and the
    // second look answers as if it had landed first.
    const { count } = await intents.updateMany({
      where: { id: paymentIntentId, status: { in: ['requires_payment', 'processing'] } },
      data: { status: 'succeeded' },
    });
    if (count === 0) return confirm(paymentIntentId, cardNumber);
    return event({ ...intent, status: 'succeeded' }, 'succeeded');
  };

  return {
    name: 'test',
    publishableKey: null,
    async createPayment(input) {
      // The same key answers the intent made first, whatever became of it (as Stripe replays the first answer).
      const existing = await intents.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
      if (existing) return toView(existing);
      const id = `test_pi_${randomBytes(10).toString('hex')}`;
      try {
        const row = await intents.create({
          data: {
            id,
            idempotencyKey: input.idempotencyKey,
            orderId: input.orderId,
            status: 'requires_payment',
            amountMinor: input.amountMinor,
            currency: input.currency,
            amountRefundedMinor: 0,
            clientSecret: `${id}_secret_${randomBytes(8).toString('hex')}`,
          },
        });
        return toView(row);
      } catch (error) {
        // Another request (or process) with the same key got there first: its intent is the answer.
        if (!isUniqueViolation(error)) throw error;
        return toView(await intents.findUniqueOrThrow({ where: { idempotencyKey: input.idempotencyKey } }));
      }
    },
    async retrievePayment(id) {
      const row = await intents.findUnique({ where: { id } });
      return row ? toView(row) : null;
    },
    async cancelPayment(id) {
      await intents.updateMany({ where: { id, status: { not: 'succeeded' } }, data: { status: 'canceled' } });
    },
    async refund({ paymentIntentId, amountMinor }) {
      const done = await db.$executeRaw`
        UPDATE "TestPaymentIntent" SET "amountRefundedMinor" = LEAST("amountMinor", "amountRefundedMinor" + ${amountMinor}::int)
        WHERE id = ${paymentIntentId} AND status = 'succeeded'`;
      if (done === 0) {
        await find(paymentIntentId);
        throw new AppError('ORDER_NOT_PAYABLE', 'only a paid order can be refunded');
      }
      return { refundId: `test_re_${randomBytes(8).toString('hex')}` };
    },
    confirm,
  };
}
