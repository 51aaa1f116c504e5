// Stripe path end to end (real SDK, local stand-in, signed webhooks into the real route) and the payment faults:
// duplicated and out-of-order webhooks, a webhook before its order is visible, a payment after its hold expired.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeStandIn, stripeEvent, type StripeStandIn } from '../payments/testing/stripe-stand-in';
import { reconcilePayments } from './reconcile-payments';
import { expireDueHolds } from './release-hold';
import { createCommerceFixture, type CommerceFixture } from './testing/commerce-fixture';

const webhookSecret = 'whsec_payment_events_test';
const signer = new Stripe('sk_test_signer');

describe('payments through Stripe (stand-in) and webhooks', () => {
  let standIn: StripeStandIn;
  let f: CommerceFixture;
  beforeAll(async () => {
    standIn = await startStripeStandIn();
    f = await createCommerceFixture({ stripe: { endpoint: standIn.endpoint, webhookSecret } });
  });
  afterAll(async () => {
    await f?.close();
    await standIn?.close();
  });

  const startSale = async (quantity: number) => {
    const res = await f.request<{ saleId: string }>('POST', `/api/brands/${f.brandId}/shows/${f.showId}/sales`, f.admin, { showProductId: f.showProductId, priceMinor: 2500, quantity, durationSeconds: 300, perBuyerLimit: 1 });
    expect(res.status).toBe(201);
    return res.body.saleId;
  };
  const endSale = (saleId: string) => f.request('POST', `/api/brands/${f.brandId}/shows/${f.showId}/sales/${saleId}/end`, f.admin, {});
  const buy = async (saleId: string) => {
    const [buyer] = await f.buyers(1);
    const held = await f.request<{ orderId: string; reservationId: string }>('POST', `/api/shows/${f.showId}/sales/${saleId}/reservations`, buyer!.headers, { quantity: 1 });
    expect(held.status).toBe(201);
    const checkout = await f.request<{ paymentIntentId: string; clientSecret: string; provider: string }>('POST', `/api/orders/${held.body.orderId}/checkout`, buyer!.headers, {});
    expect(checkout.status).toBe(200);
    return { buyer: buyer!, orderId: held.body.orderId, reservationId: held.body.reservationId, intentId: checkout.body.paymentIntentId, checkout: checkout.body };
  };
  const deliver = async (type: string, object: unknown, eventId?: string) => {
    const payload = stripeEvent(type, object, eventId);
    const response = await f.app.http.inject({
      method: 'POST',
      url: '/api/payments/webhooks/stripe',
      payload,
      headers: { 'content-type': 'application/json', 'stripe-signature': signer.webhooks.generateTestHeaderString({ payload, secret: webhookSecret }) },
    });
    expect(response.statusCode).toBe(200);
  };
  const order = (id: string) => f.database.db.order.findUniqueOrThrow({ where: { id }, include: { reservation: true } });
  const mails = (to: string) => f.database.db.mailOutbox.findMany({ where: { to } });

  it('pays: checkout creates one PaymentIntent (idempotent on retry), the webhook marks the order paid and mails a receipt', async () => {
    const saleId = await startSale(5);
    const { buyer, orderId, intentId, checkout } = await buy(saleId);
    expect(checkout.provider).toBe('stripe');
    const retry = await f.request<{ paymentIntentId: string }>('POST', `/api/orders/${orderId}/checkout`, buyer.headers, {});
    expect(retry.body.paymentIntentId).toBe(intentId);
    const intent = standIn.succeed(intentId);
    await deliver('payment_intent.succeeded', intent, `evt_paid_${orderId}`);
    const paid = await order(orderId);
    expect(paid.status).toBe('PAID');
    expect(paid.reservation?.status).toBe('CONVERTED');
    expect(await mails(buyer.email)).toHaveLength(1);
    // the same event again (Stripe retries) changes nothing and mails nothing
    await deliver('payment_intent.succeeded', intent, `evt_paid_${orderId}`);
    await deliver('payment_intent.succeeded', intent);
    expect(await mails(buyer.email)).toHaveLength(1);
    await endSale(saleId);
  });

  it('converges whatever the order of events: refunded before succeeded, failed after succeeded', async () => {
    const saleId = await startSale(5);
    const a = await buy(saleId);
    const intentA = standIn.succeed(a.intentId);
    await deliver('charge.refunded', { id: 'ch_x', object: 'charge', amount: 2500, amount_refunded: 2500, payment_intent: a.intentId, metadata: {} });
    await deliver('payment_intent.succeeded', intentA);
    expect((await order(a.orderId)).status).toBe('REFUNDED');

    const b = await buy(saleId);
    const intentB = standIn.succeed(b.intentId);
    await deliver('payment_intent.succeeded', intentB);
    await deliver('payment_intent.payment_failed', { ...intentB, status: 'requires_payment_method' });
    await deliver('payment_intent.canceled', { ...intentB, status: 'canceled' });
    const paid = await order(b.orderId);
    expect(paid.status).toBe('PAID');
    expect(paid.reservation?.status).toBe('CONVERTED');

    const c = await buy(saleId);
    await deliver('payment_intent.payment_failed', standIn.intents.get(c.intentId));
    expect((await order(c.orderId)).status).toBe('FAILED');
    await deliver('payment_intent.succeeded', standIn.succeed(c.intentId));
    expect((await order(c.orderId)).status).toBe('PAID');
    await endSale(saleId);
  });

  it('keeps a webhook that arrives before its order is visible and settles it once the order appears', async () => {
    const saleId = await startSale(5);
    const { orderId, intentId } = await buy(saleId);
    const hiddenId = `${orderId}x`;
    await f.database.db.order.update({ where: { id: orderId }, data: { id: hiddenId, paymentIntentId: null } });
    await deliver('payment_intent.succeeded', standIn.succeed(intentId), `evt_early_${orderId}`);
    const stored = await f.database.db.paymentEvent.findUniqueOrThrow({ where: { providerEventId: `evt_early_${orderId}` } });
    expect(stored.processedAt).toBeNull();
    await f.database.db.order.update({ where: { id: hiddenId }, data: { id: orderId } });
    expect(await reconcilePayments(f.commerce.ctx, { olderThanMs: 0 })).toBeGreaterThanOrEqual(1);
    expect((await order(orderId)).status).toBe('PAID');
    await endSale(saleId);
  });

  it('honours a payment that succeeds after its hold expired while units are left', async () => {
    const saleId = await startSale(2);
    const { orderId, reservationId, intentId } = await buy(saleId);
    await f.database.db.reservation.update({ where: { id: reservationId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expireDueHolds(f.commerce.ctx);
    expect((await order(orderId)).status).toBe('EXPIRED');
    expect(standIn.intents.get(intentId)?.status).toBe('canceled'); // the expiry cancels the intent...
    standIn.intents.get(intentId)!.status = 'processing'; // ...but a payment already in flight can still succeed
    await deliver('payment_intent.succeeded', standIn.succeed(intentId));
    const honoured = await order(orderId);
    expect(honoured.status).toBe('PAID');
    expect(honoured.reservation?.status).toBe('CONVERTED');
    expect((await f.database.db.flashSale.findUniqueOrThrow({ where: { id: saleId } })).remaining).toBe(1);
    // the honoured units count against the buyer again (the expiry had taken them off)
    const tallies = await f.buyerTallies(saleId);
    expect(Object.values(tallies.kept)).toEqual([1]);
    expect(tallies.kept).toEqual(tallies.counted);
    await endSale(saleId);
  });

  it('refunds in full a payment that succeeds after its hold expired and the units sold to someone else', async () => {
    const saleId = await startSale(1);
    const late = await buy(saleId);
    await f.database.db.reservation.update({ where: { id: late.reservationId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expireDueHolds(f.commerce.ctx);
    const other = await buy(saleId); // takes the returned unit
    await deliver('payment_intent.succeeded', standIn.succeed(other.intentId));
    standIn.intents.get(late.intentId)!.status = 'processing';
    await deliver('payment_intent.succeeded', standIn.succeed(late.intentId));
    const refunded = await order(late.orderId);
    expect(refunded.status).toBe('REFUNDED');
    expect(refunded.refundedMinor).toBe(2500);
    expect(standIn.charge(late.intentId)?.amount_refunded).toBe(2500);
    expect((await mails(late.buyer.email)).map((mail) => mail.subject).join()).toMatch(/refunded/);
    const sale = await f.database.db.flashSale.findUniqueOrThrow({ where: { id: saleId } });
    expect(sale.remaining).toBe(0);
    expect(await f.database.db.reservation.count({ where: { flashSaleId: saleId, status: 'CONVERTED' } })).toBe(1);
    await endSale(saleId);
  });

  it('lets an admin refund a paid order through the provider, with restock', async () => {
    const saleId = await startSale(5);
    const { orderId, intentId } = await buy(saleId);
    await deliver('payment_intent.succeeded', standIn.succeed(intentId));
    const stockBefore = (await f.database.db.product.findUniqueOrThrow({ where: { id: f.productId } })).stock;
    const refund = await f.request<{ status: string }>('POST', `/api/brands/${f.brandId}/orders/${orderId}/refund`, f.admin, { restock: true });
    expect(refund.status).toBe(200);
    expect(refund.body.status).toBe('REFUNDED');
    expect(standIn.charge(intentId)?.amount_refunded).toBe(2500);
    expect((await f.database.db.product.findUniqueOrThrow({ where: { id: f.productId } })).stock).toBe(stockBefore + 1);
    const again = await f.request<{ error: { code: string } }>('POST', `/api/brands/${f.brandId}/orders/${orderId}/refund`, f.admin, { restock: true });
    expect(again.body.error.code).toBe('ORDER_NOT_PAYABLE');
    const list = await f.request<{ items: { id: string }[] }>('GET', `/api/brands/${f.brandId}/orders?status=REFUNDED`, f.admin);
    expect(list.body.items.map((item) => item.id)).toContain(orderId);
    await endSale(saleId);
  });
});
