// The Stripe adapter with the real SDK against the local stand-in, and the webhook route with the SDK's own
// signature helpers.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandler } from '../http/error-handler';
import type { PaymentEventInput } from './payment-provider';
import { createStripeClient, createStripePayments } from './stripe-payments';
import { registerStripeWebhookRoute, stripeWebhookPath } from './stripe-webhook-route';
import { startStripeStandIn, stripeEvent, type StripeStandIn } from './testing/stripe-stand-in';

const keys = { secretKey: 'sk_test_standin', publishableKey: 'pk_test_standin', webhookSecret: 'whsec_standin_secret' };

describe('Stripe adapter against the stand-in', () => {
  let standIn: StripeStandIn;
  let payments: ReturnType<typeof createStripePayments>;
  beforeAll(async () => {
    standIn = await startStripeStandIn();
    payments = createStripePayments(createStripeClient(keys, standIn.endpoint), keys);
  });
  afterAll(async () => {
    await standIn.close();
  });
  const input = (key: string, amountMinor = 2500) => ({
    orderId: 'order_1',
    amountMinor,
    currency: 'usd',
    idempotencyKey: key,
    description: '1 x Tote',
  });

  it('creates a PaymentIntent with the order in its metadata and the idempotency key sent', async () => {
    const intent = await payments.createPayment(input('order-payment:r1'));
    expect(intent).toMatchObject({
      status: 'requires_payment',
      amountMinor: 2500,
      currency: 'usd',
      orderId: 'order_1',
    });
    expect(intent.clientSecret).toMatch(/^pi_\w+_secret_/);
    expect(standIn.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/v1/payment_intents',
      idempotencyKey: 'order-payment:r1',
    });
  });

  it('replays the same PaymentIntent for a repeated idempotency key, and refuses the key with other parameters', async () => {
    const before = standIn.intents.size;
    const first = await payments.createPayment(input('order-payment:r2'));
    const again = await payments.createPayment(input('order-payment:r2'));
    expect(again.id).toBe(first.id);
    expect(standIn.intents.size).toBe(before + 1);
    expect(standIn.requests.at(-1)?.replayed).toBe(true);
    await expect(payments.createPayment(input('order-payment:r2', 9900))).rejects.toMatchObject({
      type: 'StripeIdempotencyError',
    });
  });

  it('retrieves status and refunded amount; unknown intents are null', async () => {
    const intent = await payments.createPayment(input('order-payment:r3'));
    expect((await payments.retrievePayment(intent.id))?.status).toBe('requires_payment');
    standIn.succeed(intent.id);
    expect(await payments.retrievePayment(intent.id)).toMatchObject({ status: 'succeeded', amountRefundedMinor: 0 });
    expect(await payments.retrievePayment('pi_missing')).toBeNull();
  });

  it('cancels an open intent and leaves a succeeded one alone without throwing', async () => {
    const open = await payments.createPayment(input('order-payment:r4'));
    await payments.cancelPayment(open.id);
    expect(standIn.intents.get(open.id)?.status).toBe('canceled');
    const paid = await payments.createPayment(input('order-payment:r5'));
    standIn.succeed(paid.id);
    await payments.cancelPayment(paid.id);
    expect(standIn.intents.get(paid.id)?.status).toBe('succeeded');
  });

  it('refunds once per idempotency key', async () => {
    const intent = await payments.createPayment(input('order-payment:r6'));
    standIn.succeed(intent.id);
    const first = await payments.refund({
      paymentIntentId: intent.id,
      amountMinor: 2500,
      idempotencyKey: 'refund:order_6',
    });
    const again = await payments.refund({
      paymentIntentId: intent.id,
      amountMinor: 2500,
      idempotencyKey: 'refund:order_6',
    });
    expect(again.refundId).toBe(first.refundId);
    expect(standIn.charge(intent.id)?.amount_refunded).toBe(2500);
    expect((await payments.retrievePayment(intent.id))?.amountRefundedMinor).toBe(2500);
    await expect(
      payments.refund({ paymentIntentId: intent.id, amountMinor: 100, idempotencyKey: 'refund:other' }),
    ).rejects.toMatchObject({ type: 'StripeInvalidRequestError' });
  });
});

describe('Stripe webhook route', () => {
  const stripe = createStripeClient(keys, { host: '127.0.0.1', port: 9, protocol: 'http' });
  const received: PaymentEventInput[] = [];
  const app = Fastify();
  beforeAll(async () => {
    installErrorHandler(app);
    await registerStripeWebhookRoute(app, stripe, keys.webhookSecret, async (event) => {
      received.push(event);
    });
  });
  afterAll(async () => {
    await app.close();
  });
  const post = (payload: string, signature?: string) =>
    app.inject({
      method: 'POST',
      url: stripeWebhookPath,
      payload,
      headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) },
    });
  const intent = { id: 'pi_123', object: 'payment_intent', amount: 2500, metadata: { orderId: 'order_9' } };

  it('accepts a correctly signed event and hands one normalised event to the handler', async () => {
    const payload = stripeEvent('payment_intent.succeeded', intent, 'evt_ok');
    const response = await post(
      payload,
      stripe.webhooks.generateTestHeaderString({ payload, secret: keys.webhookSecret }),
    );
    expect(response.statusCode).toBe(200);
    expect(received.at(-1)).toMatchObject({
      eventId: 'evt_ok',
      kind: 'succeeded',
      paymentIntentId: 'pi_123',
      orderId: 'order_9',
      amountMinor: 2500,
    });
  });

  it('maps refunds from the charge, and acknowledges event types it does not act on', async () => {
    const refund = stripeEvent(
      'charge.refunded',
      { id: 'ch_1', object: 'charge', amount: 2500, amount_refunded: 1000, payment_intent: 'pi_123', metadata: {} },
      'evt_refund',
    );
    expect(
      (await post(refund, stripe.webhooks.generateTestHeaderString({ payload: refund, secret: keys.webhookSecret })))
        .statusCode,
    ).toBe(200);
    expect(received.at(-1)).toMatchObject({ kind: 'refunded', amountRefundedMinor: 1000, orderId: null });
    const other = stripeEvent('customer.created', { id: 'cus_1' });
    const count = received.length;
    expect(
      (await post(other, stripe.webhooks.generateTestHeaderString({ payload: other, secret: keys.webhookSecret })))
        .statusCode,
    ).toBe(200);
    expect(received).toHaveLength(count);
  });

  it('rejects a tampered payload, a stale timestamp, a wrong secret and a missing header before any handling', async () => {
    const count = received.length;
    const payload = stripeEvent('payment_intent.succeeded', intent, 'evt_bad');
    const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: keys.webhookSecret });
    const tampered = await post(payload.replace('2500', '1'), signature);
    expect(tampered.statusCode).toBe(400);
    expect(tampered.json().error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    const stale = stripe.webhooks.generateTestHeaderString({
      payload,
      secret: keys.webhookSecret,
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    expect((await post(payload, stale)).statusCode).toBe(400);
    expect(
      (await post(payload, stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_other' }))).statusCode,
    ).toBe(400);
    expect((await post(payload)).statusCode).toBe(400);
    expect(received).toHaveLength(count);
  });
});
