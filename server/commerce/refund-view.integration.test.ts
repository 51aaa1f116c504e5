// What the API tells the brand and the buyer about refunds: the refund answer says where the units went (from
// `refundOrder`'s `restocked`, not from the restock asked for), and a refund still owed (recorded, provider not
// confirmed: a late payment, or a brand refund the provider refused) shows on the order views while it is owed —
// with its bookkeeping for the brand, amount and date only for the buyer — and is gone once the provider confirms.
import { describe, expect, it } from 'vitest';
import type { StripeStandIn } from '../payments/testing/stripe-stand-in';
import type { BrandOrderView, OrderView, RefundAnswer } from './order-view';
import { reconcilePayments } from './reconcile-payments';
import { expireDueHolds } from './release-hold';
import type { CommerceFixture } from './testing/commerce-fixture';
import { stripeCheckoutFlow } from './testing/stripe-checkout-flow';

const webhookSecret = 'whsec_refund_view_test';

describe('refunds as the order views and the refund answer show them', () => {
  let standIn: StripeStandIn;
  let f: CommerceFixture;
  // One sale at a time per show: each test's sale is ended after it, even when the test failed midway.
  const { startSale, endSale, checkout, buy, deliver } = stripeCheckoutFlow(
    webhookSecret,
    (suite) => ({ f, standIn } = suite),
    { endSalesAfterEach: true },
  );
  const paidFromSale = async (saleId: string) => {
    const bought = await buy(saleId);
    await deliver('payment_intent.succeeded', standIn.succeed(bought.intentId));
    return bought;
  };
  const refund = (orderId: string, restock: boolean) =>
    f.request<RefundAnswer & { error?: { code: string; message: string } }>(
      'POST',
      `/api/brands/${f.brandId}/orders/${orderId}/refund`,
      f.admin,
      { restock },
    );
  const brandView = async (orderId: string) => {
    const list = await f.request<{ items: BrandOrderView[] }>(
      'GET',
      `/api/brands/${f.brandId}/orders?q=${orderId}`,
      f.admin,
    );
    expect(list.status).toBe(200);
    const found = list.body.items.find((item) => item.id === orderId);
    expect(found).toBeDefined();
    return found!;
  };
  const buyerViews = async (buyer: { headers: Record<string, string> }, orderId: string) => {
    const one = await f.request<OrderView>('GET', `/api/orders/${orderId}`, buyer.headers);
    const list = await f.request<{ items: OrderView[] }>('GET', '/api/orders', buyer.headers);
    expect(one.status).toBe(200);
    return { one: one.body, inList: list.body.items.find((item) => item.id === orderId)! };
  };

  it('answers where the units went: back on the sale, nowhere after the sale ended, back in stock, or not asked', async () => {
    const saleId = await startSale(5);
    const onSale = await paidFromSale(saleId);
    const back = await refund(onSale.orderId, true);
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({
      id: onSale.orderId,
      status: 'REFUNDED',
      refundedMinor: 2500,
      restocked: 'FLASH_SALE',
      refundOwed: null,
    });

    const notAsked = await paidFromSale(saleId);
    expect((await refund(notAsked.orderId, false)).body).toMatchObject({ status: 'REFUNDED', restocked: null });

    const afterEnd = await paidFromSale(saleId);
    await endSale(saleId);
    // restock was asked for, but the sale's allocation is closed: the answer says so instead of echoing the request
    expect((await refund(afterEnd.orderId, true)).body).toMatchObject({ status: 'REFUNDED', restocked: 'NOTHING' });

    const [buyer] = await f.buyers(1);
    const held = await f.request<{ orderId: string }>(
      'POST',
      `/api/shows/${f.showId}/products/${f.showProductId}/reservations`,
      buyer!.headers,
      { quantity: 1 },
    );
    expect(held.status).toBe(201);
    await deliver(
      'payment_intent.succeeded',
      standIn.succeed((await checkout(buyer!, held.body.orderId)).paymentIntentId),
    );
    expect((await refund(held.body.orderId, true)).body).toMatchObject({ status: 'REFUNDED', restocked: 'PRODUCT' });
  });

  it('shows a brand refund the provider refused as owed (brand: attempts and error; buyer: amount only) until a retry confirms it', async () => {
    const saleId = await startSale(5);
    const { buyer, orderId } = await paidFromSale(saleId);
    expect((await brandView(orderId)).refundOwed).toBeNull();

    standIn.refuse('POST', '/v1/refunds');
    const refused = await refund(orderId, true);
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/recorded and will be retried/),
    });

    const owed = await brandView(orderId);
    expect(owed.status).toBe('PAID'); // the money is still with us: without refundOwed this reads "ship it"
    expect(owed.refundOwed).toMatchObject({
      amountMinor: 2500,
      reason: 'BRAND',
      restock: true,
      attempts: 1,
      lastError: expect.stringMatching(/refused/),
    });
    expect(Date.parse(owed.refundOwed!.since)).not.toBeNaN();
    expect(Date.parse(owed.refundOwed!.nextTryAt)).toBeGreaterThan(Date.now());

    const mine = await buyerViews(buyer, orderId);
    for (const view of [mine.one, mine.inList]) {
      expect(view.status).toBe('PAID');
      expect(view.refundOwed).toEqual({ amountMinor: 2500, since: owed.refundOwed!.since });
      expect(JSON.stringify(view)).not.toMatch(/refused|attempts|lastError|BRAND/);
    }

    // the admin asks again (the console's Retry refund): the same refund, confirmed now
    const retried = await refund(orderId, true);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'REFUNDED', restocked: 'FLASH_SALE', refundOwed: null });
    expect((await brandView(orderId)).refundOwed).toBeNull();
    const after = await buyerViews(buyer, orderId);
    expect(after.one).toMatchObject({ status: 'REFUNDED', refundOwed: null });
    expect(after.inList.refundOwed).toBeNull();
  });

  it('shows a late payment waiting for its refund as owed, not as a plain paid order, until reconciliation completes it', async () => {
    const saleId = await startSale(1);
    const late = await buy(saleId);
    await f.database.db.reservation.update({
      where: { id: late.reservationId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expireDueHolds(f.commerce.ctx);
    await paidFromSale(saleId); // someone else takes the returned unit
    standIn.intents.get(late.intentId)!.status = 'processing';
    standIn.refuse('POST', '/v1/refunds');
    await deliver('payment_intent.succeeded', standIn.succeed(late.intentId));

    const owed = await brandView(late.orderId);
    expect(owed.status).toBe('PAID');
    expect(owed.refundOwed).toMatchObject({ amountMinor: 2500, reason: 'LATE_PAYMENT', restock: false, attempts: 1 });
    expect((await buyerViews(late.buyer, late.orderId)).one.refundOwed).toEqual({
      amountMinor: 2500,
      since: owed.refundOwed!.since,
    });

    await reconcilePayments(f.commerce.ctx, { olderThanMs: 0, now: new Date(Date.now() + 2 * 60_000) });
    expect(await brandView(late.orderId)).toMatchObject({ status: 'REFUNDED', refundedMinor: 2500, refundOwed: null });
    expect((await buyerViews(late.buyer, late.orderId)).one).toMatchObject({ status: 'REFUNDED', refundOwed: null });
  });
});
