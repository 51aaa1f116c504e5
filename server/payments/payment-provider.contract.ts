// One behaviour, two implementations: Stripe (through the real SDK, here against the local stand-in) and the
// embedded test payments must both pass these. `pay` is the outside world paying: a card confirmed in Stripe's
// Payment Element, or the labelled test card.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatePaymentInput, PaymentProvider } from './payment-provider';

export interface PaymentProviderHarness {
  provider: PaymentProvider;
  pay(paymentIntentId: string): Promise<void>;
  close(): Promise<void>;
}

export function paymentProviderContract(name: string, open: () => Promise<PaymentProviderHarness>): void {
  describe(`PaymentProvider contract: ${name}`, () => {
    let harness: PaymentProviderHarness;
    let payments: PaymentProvider;
    beforeAll(async () => {
      harness = await open();
      payments = harness.provider;
    });
    afterAll(async () => {
      await harness?.close();
    });
    const input = (overrides: Partial<CreatePaymentInput> = {}): CreatePaymentInput => ({
      orderId: `order_${randomBytes(4).toString('hex')}`,
      amountMinor: 2500,
      currency: 'usd',
      idempotencyKey: `order-payment:${randomBytes(6).toString('hex')}`,
      description: '1 x Tote',
      ...overrides,
    });

    it('creates an open payment for the order, and answers a repeated key with the same payment', async () => {
      const request = input();
      const created = await payments.createPayment(request);
      expect(created).toMatchObject({
        status: 'requires_payment',
        amountMinor: 2500,
        currency: 'usd',
        amountRefundedMinor: 0,
        orderId: request.orderId,
      });
      expect(created.clientSecret).toEqual(expect.any(String));
      expect(await payments.createPayment(request)).toMatchObject({ id: created.id, status: 'requires_payment' });
      expect((await payments.createPayment(input())).id).not.toBe(created.id);
      expect(await payments.retrievePayment(created.id)).toMatchObject({
        id: created.id,
        status: 'requires_payment',
        orderId: request.orderId,
      });
    });

    it('keeps amounts in minor units whatever the currency (¥5,000 is 5000, KWD 12.500 is 12500)', async () => {
      expect(await payments.createPayment(input({ amountMinor: 5000, currency: 'jpy' }))).toMatchObject({
        amountMinor: 5000,
        currency: 'jpy',
      });
      expect(await payments.createPayment(input({ amountMinor: 12500, currency: 'kwd' }))).toMatchObject({
        amountMinor: 12500,
        currency: 'kwd',
      });
    });

    it('answers null for a payment it never made', async () => {
      expect(await payments.retrievePayment(`pi_${randomBytes(12).toString('hex')}`)).toBeNull();
    });

    it('reports a paid payment as succeeded; cancelling it afterwards changes nothing and does not throw', async () => {
      const created = await payments.createPayment(input());
      await harness.pay(created.id);
      expect(await payments.retrievePayment(created.id)).toMatchObject({ status: 'succeeded', amountMinor: 2500 });
      await payments.cancelPayment(created.id);
      expect(await payments.retrievePayment(created.id)).toMatchObject({ status: 'succeeded' });
    });

    it('cancels an open payment, twice without complaint; a canceled payment cannot be refunded', async () => {
      const created = await payments.createPayment(input());
      await payments.cancelPayment(created.id);
      await payments.cancelPayment(created.id);
      expect(await payments.retrievePayment(created.id)).toMatchObject({ status: 'canceled' });
      await expect(
        payments.refund({ paymentIntentId: created.id, amountMinor: 100, idempotencyKey: `refund:${created.id}` }),
      ).rejects.toBeDefined();
    });

    it('refunds part of a paid payment, then the rest, and shows the refunded amount', async () => {
      const created = await payments.createPayment(input());
      await harness.pay(created.id);
      const first = await payments.refund({
        paymentIntentId: created.id,
        amountMinor: 1000,
        idempotencyKey: `refund:${created.id}:1`,
      });
      expect(first.refundId).toEqual(expect.any(String));
      expect(await payments.retrievePayment(created.id)).toMatchObject({
        status: 'succeeded',
        amountRefundedMinor: 1000,
      });
      await payments.refund({
        paymentIntentId: created.id,
        amountMinor: 1500,
        idempotencyKey: `refund:${created.id}:2`,
      });
      expect(await payments.retrievePayment(created.id)).toMatchObject({ amountRefundedMinor: 2500 });
    });

    it('a full refund retried with its idempotency key (a retry after a crash) leaves the payment refunded once', async () => {
      const created = await payments.createPayment(input());
      await harness.pay(created.id);
      const retry = { paymentIntentId: created.id, amountMinor: 2500, idempotencyKey: `refund:BRAND:${created.id}` };
      await payments.refund(retry);
      await payments.refund(retry);
      expect(await payments.retrievePayment(created.id)).toMatchObject({
        status: 'succeeded',
        amountRefundedMinor: 2500,
      });
    });
  });
}
