// Stripe path end to end (real SDK, local stand-in, signed webhooks into the real route) and the payment faults:
// duplicated and out-of-order webhooks, a webhook before its order is visible, a payment after its hold expired
// (its refund refused by the provider once), refunds and restock, a refund racing its webhook, reconciliation
// that must not get stuck.
import { describe, expect, it } from 'vitest';
import type { StripeStandIn } from '../payments/testing/stripe-stand-in';
import { applyPaymentEvent } from './apply-payment-event';
import { eventAttemptLimit, reconcilePayments } from './reconcile-payments';
import { refundOrder } from './refund-order';
import { expireDueHolds } from './release-hold';
import type { CommerceFixture } from './testing/commerce-fixture';
import { stripeCheckoutFlow } from './testing/stripe-checkout-flow';

const webhookSecret = 'whsec_payment_events_test';

describe('payments through Stripe (stand-in) and webhooks', () => {
  let standIn: StripeStandIn;
  let f: CommerceFixture;
  const { startSale, endSale, buy, deliver, order } = stripeCheckoutFlow(
    webhookSecret,
    (suite) => ({ f, standIn } = suite),
  );
  const mails = (to: string) => f.database.db.mailOutbox.findMany({ where: { to } });

  it('pays: checkout creates one PaymentIntent (idempotent on retry), the webhook marks the order paid and mails a receipt', async () => {
    const saleId = await startSale(5);
    const { buyer, orderId, intentId, checkout } = await buy(saleId);
    expect(checkout.provider).toBe('stripe');
    const retry = await f.request<{ paymentIntentId: string }>(
      'POST',
      `/api/orders/${orderId}/checkout`,
      buyer.headers,
      {},
    );
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

  it('does not process a webhook event again once it is processed (event id stored first); concurrent first deliveries still pay and mail once', async () => {
    const saleId = await startSale(5);
    try {
      const remaining = async () =>
        (await f.database.db.flashSale.findUniqueOrThrow({ where: { id: saleId } })).remaining;
      const stored = (eventId: string) => f.database.db.paymentEvent.findMany({ where: { providerEventId: eventId } });
      // settle-payment and confirmRefund keep the order, stock and mails right on their own when an event is
      // processed again; only the event-id dedupe keeps a redelivery from being processed again at all. So each
      // event's processing stamp is pinned to a known time: a redelivery that is processed again rewrites it.
      const pinned = new Date('2020-01-01T00:00:00.000Z');
      const pin = (eventId: string) =>
        f.database.db.paymentEvent.updateMany({ where: { providerEventId: eventId }, data: { processedAt: pinned } });

      const { buyer, orderId, intentId } = await buy(saleId);
      const paidId = `evt_dup_paid_${orderId}`;
      const intent = standIn.succeed(intentId);
      // Stripe retries a webhook it thinks timed out while the first delivery is still being handled: the first
      // delivery claims the event, the overlapping ones answer 'duplicate'.
      await Promise.all(Array.from({ length: 8 }, () => deliver('payment_intent.succeeded', intent, paidId)));
      const paid = await order(orderId);
      expect(paid.status).toBe('PAID');
      expect(paid.reservation?.status).toBe('CONVERTED');
      expect(await remaining()).toBe(4);
      expect((await stored(paidId)).map((row) => [row.orderId, row.processedAt !== null])).toEqual([[orderId, true]]);
      expect((await mails(buyer.email)).map((mail) => mail.subject)).toEqual([expect.stringMatching(/order is paid/)]);

      // later redeliveries of the same event id are recognised and not processed again
      await pin(paidId);
      await Promise.all(Array.from({ length: 8 }, () => deliver('payment_intent.succeeded', intent, paidId)));
      await deliver('payment_intent.succeeded', intent, paidId);
      expect((await stored(paidId)).map((row) => row.processedAt)).toEqual([pinned]);
      expect(await mails(buyer.email)).toHaveLength(1);

      // a refund with restock, then Stripe's charge.refunded for it delivered again and again: restocked and mailed once
      const refund = await f.request<{ status: string }>(
        'POST',
        `/api/brands/${f.brandId}/orders/${orderId}/refund`,
        f.admin,
        { restock: true },
      );
      expect(refund.body.status).toBe('REFUNDED');
      expect(await remaining()).toBe(5);
      const refundedId = `evt_dup_refund_${orderId}`;
      const charge = { ...standIn.charge(intentId)!, metadata: {} };
      await deliver('charge.refunded', charge, refundedId);
      await pin(refundedId);
      await Promise.all(Array.from({ length: 8 }, () => deliver('charge.refunded', charge, refundedId)));
      expect((await stored(refundedId)).map((row) => row.processedAt)).toEqual([pinned]);
      expect(await remaining()).toBe(5);
      expect((await order(orderId)).status).toBe('REFUNDED');
      expect((await mails(buyer.email)).map((mail) => mail.subject).sort()).toEqual([
        expect.stringMatching(/order is paid/),
        expect.stringMatching(/order was refunded/),
      ]);
    } finally {
      await endSale(saleId); // ended even when an assertion failed, so the tests after it can start theirs
    }
  });

  it('applies an event once when the same event arrives many times at the same moment', async () => {
    const saleId = await startSale(5);
    try {
      const { orderId, intentId } = await buy(saleId);
      standIn.succeed(intentId);
      const event = {
        provider: 'stripe' as const,
        eventId: `evt_same_moment_${orderId}`,
        kind: 'succeeded' as const,
        paymentIntentId: intentId,
        orderId,
        amountMinor: 2500,
        amountRefundedMinor: 0,
        payload: null,
      };
      const results = await Promise.all(Array.from({ length: 8 }, () => applyPaymentEvent(f.commerce.ctx, event)));
      expect(results.filter((result) => result === 'applied')).toHaveLength(1);
      expect(results.filter((result) => result === 'duplicate')).toHaveLength(7);
      expect((await order(orderId)).status).toBe('PAID');
    } finally {
      await endSale(saleId);
    }
  });

  it('converges whatever the order of events: refunded before succeeded, failed after succeeded', async () => {
    const saleId = await startSale(5);
    const a = await buy(saleId);
    const intentA = standIn.succeed(a.intentId);
    await deliver('charge.refunded', {
      id: 'ch_x',
      object: 'charge',
      amount: 2500,
      amount_refunded: 2500,
      payment_intent: a.intentId,
      metadata: {},
    });
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
    const stored = await f.database.db.paymentEvent.findUniqueOrThrow({
      where: { providerEventId: `evt_early_${orderId}` },
    });
    expect(stored.processedAt).toBeNull();
    await f.database.db.order.update({ where: { id: hiddenId }, data: { id: orderId } });
    expect(await reconcilePayments(f.commerce.ctx, { olderThanMs: 0 })).toBeGreaterThanOrEqual(1);
    expect((await order(orderId)).status).toBe('PAID');
    await endSale(saleId);
  });

  it('honours a payment that succeeds after its hold expired while units are left', async () => {
    const saleId = await startSale(2);
    const { orderId, reservationId, intentId } = await buy(saleId);
    await f.database.db.reservation.update({
      where: { id: reservationId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
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

  /** A one-unit sale whose hold expired, its unit bought and paid by someone else, and its payment now in flight. */
  const paidLateAfterItsUnitSold = async () => {
    const saleId = await startSale(1);
    const late = await buy(saleId);
    await f.database.db.reservation.update({
      where: { id: late.reservationId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expireDueHolds(f.commerce.ctx);
    const other = await buy(saleId); // takes the returned unit
    await deliver('payment_intent.succeeded', standIn.succeed(other.intentId));
    standIn.intents.get(late.intentId)!.status = 'processing';
    return { saleId, late };
  };

  it('refunds in full a payment that succeeds after its hold expired and the units sold to someone else', async () => {
    const { saleId, late } = await paidLateAfterItsUnitSold();
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

  it('keeps a late refund owed when the provider refuses it, and reconciliation completes it with the same key', async () => {
    const { saleId, late } = await paidLateAfterItsUnitSold();
    const key = `late-refund:${late.orderId}`;
    const refundCalls = () =>
      standIn.requests.filter((request) => request.path === '/v1/refunds').map((request) => request.idempotencyKey);
    const callsBefore = refundCalls().length;

    standIn.refuse('POST', '/v1/refunds'); // the provider is down when the late payment arrives
    const intent = standIn.succeed(late.intentId);
    await deliver('payment_intent.succeeded', intent, `evt_late_${late.orderId}`);
    // the money arrived, the goods are gone, the refund is owed — written down, not lost
    const owedOrder = await order(late.orderId);
    expect(owedOrder.status).toBe('PAID');
    expect(owedOrder.reservation?.status).not.toBe('CONVERTED');
    expect(await f.database.db.orderRefund.findUniqueOrThrow({ where: { orderId: late.orderId } })).toMatchObject({
      reason: 'LATE_PAYMENT',
      amountMinor: 2500,
      attempts: 1,
      refundedAt: null,
    });
    expect(standIn.charge(late.intentId)?.amount_refunded).toBe(0);
    // Stripe retries the webhook (same event, then another delivery): the owed refund stays owed
    await deliver('payment_intent.succeeded', intent, `evt_late_${late.orderId}`);
    await deliver('payment_intent.succeeded', intent);
    expect(
      (await f.database.db.orderRefund.findUniqueOrThrow({ where: { orderId: late.orderId } })).refundedAt,
    ).toBeNull();
    // before its backoff is over, reconciliation leaves it; after, it asks again with the same key and finishes it
    await reconcilePayments(f.commerce.ctx, { olderThanMs: 0 });
    expect(refundCalls().length).toBe(callsBefore + 1);
    await reconcilePayments(f.commerce.ctx, { olderThanMs: 0, now: new Date(Date.now() + 2 * 60_000) });
    const refunded = await order(late.orderId);
    expect(refunded.status).toBe('REFUNDED');
    expect(refunded.refundedMinor).toBe(2500);
    expect(standIn.charge(late.intentId)?.amount_refunded).toBe(2500);
    expect(refundCalls().slice(callsBefore)).toEqual([key, key]);
    expect(
      (await f.database.db.orderRefund.findUniqueOrThrow({ where: { orderId: late.orderId } })).refundedAt,
    ).not.toBeNull();
    expect((await mails(late.buyer.email)).map((mail) => mail.subject)).toEqual([
      expect.stringMatching(/payment was refunded/),
    ]);
    // done: later runs ask nothing more
    await reconcilePayments(f.commerce.ctx, { olderThanMs: 0, now: new Date(Date.now() + 3 * 3600_000) });
    expect(refundCalls().length).toBe(callsBefore + 2);
    await endSale(saleId);
  });

  it('lets an admin refund a paid flash-sale order; restock gives the units back to the sale while it is on', async () => {
    const saleId = await startSale(5);
    const { buyer, orderId, reservationId, intentId } = await buy(saleId);
    await deliver('payment_intent.succeeded', standIn.succeed(intentId));
    const stockBefore = (await f.database.db.product.findUniqueOrThrow({ where: { id: f.productId } })).stock;
    expect((await f.database.db.flashSale.findUniqueOrThrow({ where: { id: saleId } })).remaining).toBe(4);
    const refund = await f.request<{ status: string }>(
      'POST',
      `/api/brands/${f.brandId}/orders/${orderId}/refund`,
      f.admin,
      { restock: true },
    );
    expect(refund.status).toBe(200);
    expect(refund.body.status).toBe('REFUNDED');
    expect(standIn.charge(intentId)?.amount_refunded).toBe(2500);
    // the unit came from the sale's own allocation and goes back there; the product's stock never gave it
    expect((await f.database.db.flashSale.findUniqueOrThrow({ where: { id: saleId } })).remaining).toBe(5);
    expect((await f.database.db.product.findUniqueOrThrow({ where: { id: f.productId } })).stock).toBe(stockBefore);
    expect((await f.database.db.orderRefund.findUniqueOrThrow({ where: { orderId } })).restocked).toBe('FLASH_SALE');
    // the refunded reservation stops counting against its buyer (limit 1): they may buy again
    expect((await f.database.db.reservation.findUniqueOrThrow({ where: { id: reservationId } })).status).toBe(
      'RELEASED',
    );
    const tallies = await f.buyerTallies(saleId);
    expect(tallies.kept).toEqual(tallies.counted);
    expect(tallies.kept[buyer.userId]).toBeUndefined();
    const again = await f.request('POST', `/api/shows/${f.showId}/sales/${saleId}/reservations`, buyer.headers, {
      quantity: 1,
    });
    expect(again.status).toBe(201);
    expect((await mails(buyer.email)).map((mail) => mail.subject)).toEqual(
      expect.arrayContaining([expect.stringMatching(/order was refunded/)]),
    );
    const twice = await f.request<{ error: { code: string } }>(
      'POST',
      `/api/brands/${f.brandId}/orders/${orderId}/refund`,
      f.admin,
      { restock: true },
    );
    expect(twice.body.error.code).toBe('ORDER_NOT_PAYABLE');
    const list = await f.request<{ items: { id: string }[] }>(
      'GET',
      `/api/brands/${f.brandId}/orders?status=REFUNDED`,
      f.admin,
    );
    expect(list.body.items.map((item) => item.id)).toContain(orderId);
    await endSale(saleId);
  });

  it('restocks nothing for a flash-sale order refunded after its sale ended, and says so; normal-price orders go back to the product', async () => {
    const saleId = await startSale(5);
    const sold = await buy(saleId);
    await deliver('payment_intent.succeeded', standIn.succeed(sold.intentId));
    await endSale(saleId);
    const stockBefore = (await f.database.db.product.findUniqueOrThrow({ where: { id: f.productId } })).stock;
    const answer = await refundOrder(f.commerce.ctx, f.brandId, sold.orderId, true);
    expect(answer.order.status).toBe('REFUNDED');
    expect(answer.restocked).toBe('NOTHING');
    expect((await f.database.db.flashSale.findUniqueOrThrow({ where: { id: saleId } })).remaining).toBe(4);
    expect((await f.database.db.product.findUniqueOrThrow({ where: { id: f.productId } })).stock).toBe(stockBefore);
    const tallies = await f.buyerTallies(saleId);
    expect(tallies.kept).toEqual(tallies.counted);

    const [buyer] = await f.buyers(1);
    const held = await f.request<{ orderId: string }>(
      'POST',
      `/api/shows/${f.showId}/products/${f.showProductId}/reservations`,
      buyer!.headers,
      { quantity: 1 },
    );
    expect(held.status).toBe(201);
    expect((await f.database.db.product.findUniqueOrThrow({ where: { id: f.productId } })).stock).toBe(stockBefore - 1);
    const checkout = await f.request<{ paymentIntentId: string }>(
      'POST',
      `/api/orders/${held.body.orderId}/checkout`,
      buyer!.headers,
      {},
    );
    await deliver('payment_intent.succeeded', standIn.succeed(checkout.body.paymentIntentId));
    const normal = await refundOrder(f.commerce.ctx, f.brandId, held.body.orderId, true);
    expect(normal.restocked).toBe('PRODUCT');
    expect((await f.database.db.product.findUniqueOrThrow({ where: { id: f.productId } })).stock).toBe(stockBefore);
  });

  it("restocks and mails once when Stripe's charge.refunded races the refund, whichever lands first", async () => {
    const saleId = await startSale(5);
    const remaining = async () =>
      (await f.database.db.flashSale.findUniqueOrThrow({ where: { id: saleId } })).remaining;
    const refundMails = async (email: string) =>
      (await mails(email)).filter((mail) => /order was refunded/.test(mail.subject));
    const refundedCharge = (intentId: string) => ({ ...standIn.charge(intentId)!, metadata: {} });

    // the webhook first: Stripe's event reaches us while our refund call still waits for its answer
    const a = await buy(saleId);
    await deliver('payment_intent.succeeded', standIn.succeed(a.intentId));
    expect(await remaining()).toBe(4);
    let webhookSawOrder = '';
    standIn.beforeAnswer('POST', '/v1/refunds', async () => {
      await deliver('charge.refunded', refundedCharge(a.intentId), `evt_refund_${a.orderId}`);
      webhookSawOrder = (await order(a.orderId)).status;
    });
    const first = await f.request<{ status: string }>(
      'POST',
      `/api/brands/${f.brandId}/orders/${a.orderId}/refund`,
      f.admin,
      { restock: true },
    );
    expect(webhookSawOrder).toBe('REFUNDED'); // the webhook did land first
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('REFUNDED');
    expect(await refundMails(a.buyer.email)).toHaveLength(1);
    expect(await remaining()).toBe(5);
    await deliver('charge.refunded', refundedCharge(a.intentId)); // delivered again
    expect(await remaining()).toBe(5);
    expect(await refundMails(a.buyer.email)).toHaveLength(1);

    // our answer first, the webhook after
    const b = await buy(saleId);
    await deliver('payment_intent.succeeded', standIn.succeed(b.intentId));
    expect(await remaining()).toBe(4);
    const second = await f.request<{ status: string }>(
      'POST',
      `/api/brands/${f.brandId}/orders/${b.orderId}/refund`,
      f.admin,
      { restock: true },
    );
    expect(second.body.status).toBe('REFUNDED');
    expect(await remaining()).toBe(5);
    await deliver('charge.refunded', refundedCharge(b.intentId));
    expect((await order(b.orderId)).status).toBe('REFUNDED');
    expect(await remaining()).toBe(5);
    expect(await refundMails(b.buyer.email)).toHaveLength(1);
    const tallies = await f.buyerTallies(saleId);
    expect(tallies.kept).toEqual(tallies.counted);
    await endSale(saleId);
  });

  it('reconciliation: 60 events that match no order back off instead of blocking a newer one, and are given up in the end', async () => {
    const logs: string[] = [];
    const log = f.commerce.ctx.log;
    f.commerce.ctx.log = (message) => logs.push(message);
    // events for payment intents no order of ours has (another integration on the same Stripe account, say)
    const tag = Date.now().toString(36);
    for (let i = 0; i < 60; i += 1) {
      const stray = {
        id: `pi_stray_${tag}_${i}`,
        object: 'payment_intent',
        amount: 900,
        status: 'succeeded',
        metadata: {},
      };
      await deliver('payment_intent.succeeded', stray, `evt_stray_${tag}_${i}`);
    }
    await f.database.db.paymentEvent.updateMany({
      where: { providerEventId: { startsWith: `evt_stray_${tag}_` } },
      data: { receivedAt: new Date(Date.now() - 3600_000), retryAt: new Date(Date.now() - 3600_000) },
    });
    // a newer event whose order shows up late
    const saleId = await startSale(5);
    const { orderId, intentId } = await buy(saleId);
    const hiddenId = `${orderId}x`;
    await f.database.db.order.update({ where: { id: orderId }, data: { id: hiddenId, paymentIntentId: null } });
    await deliver('payment_intent.succeeded', standIn.succeed(intentId), `evt_newer_${orderId}`);
    await f.database.db.order.update({ where: { id: hiddenId }, data: { id: orderId } });

    await reconcilePayments(f.commerce.ctx, { olderThanMs: 0 }); // the 50 oldest strays fail and wait
    await reconcilePayments(f.commerce.ctx, { olderThanMs: 0 }); // the rest of them, and the newer event
    expect((await order(orderId)).status).toBe('PAID');
    const strays = await f.database.db.paymentEvent.findMany({
      where: { providerEventId: { startsWith: `evt_stray_${tag}_` } },
    });
    expect(strays.map((row) => row.attempts)).toEqual(Array(60).fill(1));
    expect(strays.every((row) => row.processedAt === null && row.gaveUpAt === null && row.retryAt > new Date())).toBe(
      true,
    );

    // one that has been tried eventAttemptLimit - 1 times is given up on its next attempt, with a clear log line
    const last = strays[0]!;
    await f.database.db.paymentEvent.update({
      where: { id: last.id },
      data: { attempts: eventAttemptLimit - 1, retryAt: new Date(Date.now() - 1000) },
    });
    await reconcilePayments(f.commerce.ctx, { olderThanMs: 0 });
    expect((await f.database.db.paymentEvent.findUniqueOrThrow({ where: { id: last.id } })).gaveUpAt).not.toBeNull();
    expect(logs.join('\n')).toContain(`[payment-event:${last.providerEventId}] GIVING UP`);
    f.commerce.ctx.log = log;
    await endSale(saleId);
  });

  it("orders whose payment the provider does not know do not hold reconciliation's place in line", async () => {
    const saleId = await startSale(5);
    try {
      const longAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
      // two orders whose payment the provider has never heard of, older than everything else
      for (const [i, bought] of (await Promise.all([buy(saleId), buy(saleId)])).entries()) {
        await f.database.db.order.update({
          where: { id: bought.orderId },
          data: { paymentIntentId: `pi_unknown_${bought.orderId}`, updatedAt: longAgo(30 + i) },
        });
      }
      // a payment that succeeded at the provider, whose webhook never came
      const lost = await buy(saleId);
      standIn.succeed(lost.intentId);
      await f.database.db.order.update({ where: { id: lost.orderId }, data: { updatedAt: longAgo(10) } });

      await reconcilePayments(f.commerce.ctx, { olderThanMs: 0, limit: 2 }); // looks at the two unknown ones
      expect((await order(lost.orderId)).status).toBe('PENDING');
      await reconcilePayments(f.commerce.ctx, { olderThanMs: 0, limit: 2 }); // they made room
      expect((await order(lost.orderId)).status).toBe('PAID');
    } finally {
      await endSale(saleId);
    }
  });

  it('reconciliation stops asking about orders whose payment is known canceled', async () => {
    const saleId = await startSale(5);
    const polls = (intentId: string) =>
      standIn.requests.filter(
        (request) => request.method === 'GET' && request.path === `/v1/payment_intents/${intentId}`,
      ).length;
    const expire = async (reservationId: string) => {
      await f.database.db.reservation.update({
        where: { id: reservationId },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      await expireDueHolds(f.commerce.ctx);
    };
    // the expiry cancels the payment; reconciliation asks once, learns it is canceled, and stops
    const canceled = await buy(saleId);
    await expire(canceled.reservationId);
    expect(standIn.intents.get(canceled.intentId)?.status).toBe('canceled');
    // the expiry's cancel does not get through for this one: reconciliation cancels it, then stops too
    const open = await buy(saleId);
    standIn.refuse('POST', `/v1/payment_intents/${open.intentId}/cancel`);
    await expire(open.reservationId);
    expect(standIn.intents.get(open.intentId)?.status).toBe('requires_payment_method');

    await reconcilePayments(f.commerce.ctx, { olderThanMs: 0 });
    expect([polls(canceled.intentId), polls(open.intentId)]).toEqual([1, 1]);
    await reconcilePayments(f.commerce.ctx, { olderThanMs: 0 });
    expect(polls(canceled.intentId)).toBe(1);
    expect(standIn.intents.get(open.intentId)?.status).toBe('canceled'); // canceled by the first run
    expect(polls(open.intentId)).toBe(2);
    await reconcilePayments(f.commerce.ctx, { olderThanMs: 0 });
    expect([polls(canceled.intentId), polls(open.intentId)]).toEqual([1, 2]);
    expect((await order(canceled.orderId)).status).toBe('EXPIRED');
    expect((await order(open.orderId)).status).toBe('EXPIRED');
    await endSale(saleId);
  });
});
