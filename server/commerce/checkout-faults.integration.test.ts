// Faults of the embedded/test-payment path: the server killed between reservation and payment, Redis losing its
// counters mid-sale, and the test-card checkout (declined, then paid) that embedded mode uses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcilePayments } from './reconcile-payments';
import { expireDueHolds } from './release-hold';
import { createCommerceFixture, type CommerceFixture } from './testing/commerce-fixture';

describe('checkout faults', () => {
  let f: CommerceFixture;
  beforeAll(async () => {
    f = await createCommerceFixture({ redis: true });
  });
  afterAll(async () => {
    await f?.close();
  });

  const startSale = async (quantity: number, perBuyerLimit = 1) => {
    await f.database.db.flashSale.updateMany({
      where: { showProductId: f.showProductId, status: 'ACTIVE' },
      data: { status: 'ENDED' },
    });
    const res = await f.request<{ saleId: string }>(
      'POST',
      `/api/brands/${f.brandId}/shows/${f.showId}/sales`,
      f.admin,
      { showProductId: f.showProductId, priceMinor: 2500, quantity, durationSeconds: 300, perBuyerLimit },
    );
    expect(res.status).toBe(201);
    return res.body.saleId;
  };
  const reserve = (saleId: string, headers: Record<string, string>) =>
    f.request<{ orderId: string; reservationId: string; error?: { code: string } }>(
      'POST',
      `/api/shows/${f.showId}/sales/${saleId}/reservations`,
      headers,
      { quantity: 1 },
    );

  it('pays with the test card in embedded mode: declined card, then 4242, receipt in the outbox', async () => {
    const saleId = await startSale(3);
    const [buyer] = await f.buyers(1);
    const held = await reserve(saleId, buyer!.headers);
    const checkout = await f.request<{ provider: string; paymentIntentId: string }>(
      'POST',
      `/api/orders/${held.body.orderId}/checkout`,
      buyer!.headers,
      {},
    );
    expect(checkout.body.provider).toBe('test');
    const declined = await f.request<{ error: { code: string } }>(
      'POST',
      '/api/payments/test/confirm',
      buyer!.headers,
      { paymentIntentId: checkout.body.paymentIntentId, cardNumber: '4000 0000 0000 0002' },
    );
    expect(declined.status).toBe(402);
    expect(
      (await f.request<{ status: string }>('GET', `/api/orders/${held.body.orderId}`, buyer!.headers)).body.status,
    ).toBe('FAILED');
    const paid = await f.request<{ status: string }>('POST', '/api/payments/test/confirm', buyer!.headers, {
      paymentIntentId: checkout.body.paymentIntentId,
      cardNumber: '4242 4242 4242 4242',
    });
    expect(paid.body.status).toBe('PAID');
    const outbox = await f.request<{ items: { subject: string }[] }>('GET', '/api/outbox', buyer!.headers);
    expect(outbox.body.items.map((mail) => mail.subject)).toEqual([expect.stringMatching(/paid/)]);
    const history = await f.request<{ items: { id: string }[] }>('GET', '/api/orders', buyer!.headers);
    expect(history.body.items.map((order) => order.id)).toEqual([held.body.orderId]);
    // another buyer cannot see or pay this order
    const [stranger] = await f.buyers(1);
    expect((await f.request('GET', `/api/orders/${held.body.orderId}`, stranger!.headers)).status).toBe(404);
    expect(
      (
        await f.request('POST', '/api/payments/test/confirm', stranger!.headers, {
          paymentIntentId: checkout.body.paymentIntentId,
          cardNumber: '4242424242424242',
        })
      ).status,
    ).toBe(404);
  });

  it('rebuilds stock and per-buyer tallies from the database when Redis loses the sale mid-sale', async () => {
    const saleId = await startSale(10);
    const early = await f.buyers(3);
    for (const buyer of early) expect((await reserve(saleId, buyer.headers)).status).toBe(201);
    await f.commerce.ctx.counter.drop(saleId); // what a Redis restart without persistence looks like to us
    expect((await reserve(saleId, early[0]!.headers)).body.error?.code).toBe('PURCHASE_LIMIT');
    expect(await f.commerce.ctx.counter.remaining(saleId)).toBe(7);
    const late = await f.buyers(30);
    const results = await Promise.all(late.map((buyer) => reserve(saleId, buyer.headers)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(7);
    expect((await f.database.db.flashSale.findUniqueOrThrow({ where: { id: saleId } })).remaining).toBe(0);
    expect(await f.database.db.reservation.count({ where: { flashSaleId: saleId, status: 'HELD' } })).toBe(10);
  });

  it('never oversells when the counter is wrong: the database conditional update has the last word', async () => {
    const saleId = await startSale(4);
    await f.commerce.ctx.counter.drop(saleId);
    await f.commerce.ctx.counter.load(saleId, { remaining: 50, perBuyerLimit: 1, heldByBuyer: {} }, 60); // a lying counter
    const buyers = await f.buyers(20);
    const results = await Promise.all(buyers.map((buyer) => reserve(saleId, buyer.headers)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(4);
    expect(results.filter((r) => r.body.error?.code === 'SOLD_OUT')).toHaveLength(16);
    expect((await f.database.db.flashSale.findUniqueOrThrow({ where: { id: saleId } })).remaining).toBe(0);
  });

  it('survives the server being killed between reservation and payment: holds expire on the next process, a paid order is settled', async () => {
    const saleId = await startSale(5);
    const [payer, quitter] = await f.buyers(2);
    const paying = await reserve(saleId, payer!.headers);
    const quitting = await reserve(saleId, quitter!.headers);
    const checkout = await f.request<{ paymentIntentId: string }>(
      'POST',
      `/api/orders/${paying.body.orderId}/checkout`,
      payer!.headers,
      {},
    );
    // The test provider completes the payment while our process is down; its event never reaches us.
    await f.commerce.testPayments!.confirm(checkout.body.paymentIntentId, '4242424242424242');
    // The new process builds its own provider: test payments keep their intents in the database, as Stripe keeps
    // them on its side, so nothing is handed over.
    const before = f.commerce.ctx.payments;
    f = await f.restart();
    expect(f.commerce.ctx.payments).not.toBe(before);
    await f.database.db.reservation.updateMany({
      where: { id: { in: [paying.body.reservationId, quitting.body.reservationId] } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await reconcilePayments(f.commerce.ctx, { olderThanMs: 0 });
    await expireDueHolds(f.commerce.ctx);
    const orders = await f.database.db.order.findMany({
      where: { id: { in: [paying.body.orderId, quitting.body.orderId] } },
    });
    expect(Object.fromEntries(orders.map((order) => [order.id, order.status]))).toEqual({
      [paying.body.orderId]: 'PAID',
      [quitting.body.orderId]: 'EXPIRED',
    });
    expect((await f.database.db.flashSale.findUniqueOrThrow({ where: { id: saleId } })).remaining).toBe(4);
    // reconciliation read the intent from the new process's provider
    expect(
      await f.database.db.paymentEvent.count({
        where: { orderId: paying.body.orderId, provider: 'reconcile', type: 'succeeded', processedAt: { not: null } },
      }),
    ).toBe(1);
    expect(await f.commerce.ctx.payments.retrievePayment(checkout.body.paymentIntentId)).toMatchObject({
      status: 'succeeded',
      amountMinor: 2500,
      amountRefundedMinor: 0,
    });
    // and the quitter can buy again on the new process
    expect((await reserve(saleId, quitter!.headers)).status).toBe(201);
    // an order paid before the restart is refunded after it
    const refunded = await f.request<{ status: string; restocked: string }>(
      'POST',
      `/api/brands/${f.brandId}/orders/${paying.body.orderId}/refund`,
      f.admin,
      { restock: true },
    );
    expect(refunded.status).toBe(200);
    expect(refunded.body).toMatchObject({ status: 'REFUNDED', restocked: 'FLASH_SALE' });
    expect(await f.commerce.ctx.payments.retrievePayment(checkout.body.paymentIntentId)).toMatchObject({
      status: 'succeeded',
      amountRefundedMinor: 2500,
    });
    expect(
      (await f.database.db.orderRefund.findUniqueOrThrow({ where: { orderId: paying.body.orderId } })).refundedAt,
    ).not.toBeNull();
  });
});
