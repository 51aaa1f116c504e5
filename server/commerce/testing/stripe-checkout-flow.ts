// The Stripe checkout path as integration tests drive it: a Stripe stand-in and a commerce fixture wired to it for
// the suite, and the steps of a flash-sale purchase (start and end a sale, reserve and check out, deliver a signed
// webhook into the real route). Call `stripeCheckoutFlow` inside a `describe`: it registers the suite's hooks.
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startStripeStandIn, stripeEvent, type StripeStandIn } from '../../payments/testing/stripe-stand-in';
import { createCommerceFixture, type CommerceFixture } from './commerce-fixture';

const signer = new Stripe('sk_test_signer');

export interface StripeCheckoutSuite {
  f: CommerceFixture;
  standIn: StripeStandIn;
}

export interface StripeCheckoutOptions {
  /** One sale at a time per show: end each sale a test started after it, even when the test failed midway. */
  endSalesAfterEach?: boolean;
}

/**
 * Starts the stand-in and a fixture using `webhookSecret` before the suite's tests (handing both to `started`) and
 * closes them after; returns the purchase steps.
 */
export function stripeCheckoutFlow(
  webhookSecret: string,
  started: (suite: StripeCheckoutSuite) => void,
  options: StripeCheckoutOptions = {},
) {
  let standIn: StripeStandIn | undefined;
  let f!: CommerceFixture;
  beforeAll(async () => {
    standIn = await startStripeStandIn();
    f = await createCommerceFixture({ stripe: { endpoint: standIn.endpoint, webhookSecret } });
    started({ f, standIn });
  });
  afterAll(async () => {
    await f?.close();
    await standIn?.close();
  });

  const startedSales: string[] = [];
  if (options.endSalesAfterEach) {
    afterEach(async () => {
      for (const saleId of startedSales.splice(0)) await endSale(saleId);
    });
  }
  const startSale = async (quantity: number) => {
    const res = await f.request<{ saleId: string }>(
      'POST',
      `/api/brands/${f.brandId}/shows/${f.showId}/sales`,
      f.admin,
      { showProductId: f.showProductId, priceMinor: 2500, quantity, durationSeconds: 300, perBuyerLimit: 1 },
    );
    expect(res.status).toBe(201);
    if (options.endSalesAfterEach) startedSales.push(res.body.saleId);
    return res.body.saleId;
  };
  const endSale = (saleId: string) =>
    f.request('POST', `/api/brands/${f.brandId}/shows/${f.showId}/sales/${saleId}/end`, f.admin, {});
  const checkout = async (buyer: { headers: Record<string, string> }, orderId: string) => {
    const res = await f.request<{ paymentIntentId: string; clientSecret: string; provider: string }>(
      'POST',
      `/api/orders/${orderId}/checkout`,
      buyer.headers,
      {},
    );
    expect(res.status).toBe(200);
    return res.body;
  };
  const buy = async (saleId: string) => {
    const [buyer] = await f.buyers(1);
    const held = await f.request<{ orderId: string; reservationId: string }>(
      'POST',
      `/api/shows/${f.showId}/sales/${saleId}/reservations`,
      buyer!.headers,
      { quantity: 1 },
    );
    expect(held.status).toBe(201);
    const checkedOut = await checkout(buyer!, held.body.orderId);
    return {
      buyer: buyer!,
      orderId: held.body.orderId,
      reservationId: held.body.reservationId,
      intentId: checkedOut.paymentIntentId,
      checkout: checkedOut,
    };
  };
  const deliver = async (type: string, object: unknown, eventId?: string) => {
    const payload = stripeEvent(type, object, eventId);
    const response = await f.app.http.inject({
      method: 'POST',
      url: '/api/payments/webhooks/stripe',
      payload,
      headers: {
        'content-type': 'application/json',
        'stripe-signature': signer.webhooks.generateTestHeaderString({ payload, secret: webhookSecret }),
      },
    });
    expect(response.statusCode).toBe(200);
  };
  const order = (id: string) =>
    f.database.db.order.findUniqueOrThrow({ where: { id }, include: { reservation: true } });

  return { startSale, endSale, checkout, buy, deliver, order };
}
