// Embedded mode's test payments on a real database: two providers on one database stand for two processes (or one
// before and after a restart). Each must see the other's intents, with the same test-card and replay behaviour.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
import { createTestPayments, testCards, type TestPayments } from './test-payments';

describe('test payments kept in the database', () => {
  let database: TestDatabase;
  let first: TestPayments;
  let second: TestPayments;
  beforeAll(async () => {
    database = await createTestDatabase();
    first = createTestPayments(database.db);
    second = createTestPayments(database.db);
  });
  afterAll(async () => {
    await database?.drop();
  });
  const input = (key: string, amountMinor = 2500) => ({
    orderId: `order-${key}`,
    amountMinor,
    currency: 'usd',
    idempotencyKey: key,
    description: '1 x Tote',
  });

  it('answers a key with the intent it made first, on any process and at the same moment', async () => {
    const [a, b] = await Promise.all([first.createPayment(input('k1')), second.createPayment(input('k1'))]);
    expect(b).toEqual(a);
    expect(a).toMatchObject({
      status: 'requires_payment',
      amountMinor: 2500,
      currency: 'usd',
      amountRefundedMinor: 0,
      orderId: 'order-k1',
    });
    expect(a.id).toMatch(/^test_pi_/);
    expect(a.clientSecret).toMatch(new RegExp(`^${a.id}_secret_`));
    expect(await second.createPayment(input('k1', 9999))).toEqual(a); // a replay, not a second charge
    expect((await first.createPayment(input('k2'))).id).not.toBe(a.id);
    expect(await database.db.testPaymentIntent.count()).toBe(2);
  });

  it('declines the declined card (intent stays open), pays 4242 once, and replays the success', async () => {
    const intent = await first.createPayment(input('k3'));
    const declined = await second.confirm(intent.id, testCards.declined);
    expect(declined).toMatchObject({
      provider: 'test',
      kind: 'failed',
      paymentIntentId: intent.id,
      orderId: 'order-k3',
      amountMinor: 2500,
    });
    expect((await first.retrievePayment(intent.id))!.status).toBe('requires_payment');
    const paid = await second.confirm(intent.id, '4242 4242 4242 4242');
    expect(paid).toMatchObject({ kind: 'succeeded', paymentIntentId: intent.id, amountRefundedMinor: 0 });
    expect(paid.payload).not.toHaveProperty('clientSecret', expect.anything());
    const again = await first.confirm(intent.id, testCards.declined);
    expect(again).toMatchObject({ kind: 'succeeded' });
    expect(again.eventId).not.toBe(paid.eventId);
    await first.cancelPayment(intent.id); // a paid intent is not canceled
    expect(await second.retrievePayment(intent.id)).toMatchObject({
      status: 'succeeded',
      clientSecret: intent.clientSecret,
    });
  });

  it('a canceled intent cannot be paid or refunded; unknown intents are not found', async () => {
    const intent = await first.createPayment(input('k4'));
    await second.cancelPayment(intent.id);
    await expect(first.confirm(intent.id, testCards.success)).rejects.toMatchObject({ code: 'ORDER_NOT_PAYABLE' });
    await expect(
      first.refund({ paymentIntentId: intent.id, amountMinor: 100, idempotencyKey: 'refund:x' }),
    ).rejects.toMatchObject({ code: 'ORDER_NOT_PAYABLE' });
    expect(await first.retrievePayment('test_pi_missing')).toBeNull();
    await expect(first.confirm('test_pi_missing', testCards.success)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      first.refund({ paymentIntentId: 'test_pi_missing', amountMinor: 100, idempotencyKey: 'refund:y' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await first.cancelPayment('test_pi_missing');
  });

  it('refunds a paid intent from another process, never beyond its amount', async () => {
    const intent = await first.createPayment(input('k5'));
    await first.confirm(intent.id, testCards.success);
    expect(
      (await second.refund({ paymentIntentId: intent.id, amountMinor: 1000, idempotencyKey: 'refund:a' })).refundId,
    ).toMatch(/^test_re_/);
    expect((await first.retrievePayment(intent.id))!.amountRefundedMinor).toBe(1000);
    await Promise.all([
      first.refund({ paymentIntentId: intent.id, amountMinor: 1000, idempotencyKey: 'refund:b' }),
      second.refund({ paymentIntentId: intent.id, amountMinor: 1000, idempotencyKey: 'refund:c' }),
    ]);
    expect((await second.retrievePayment(intent.id))!.amountRefundedMinor).toBe(2500);
  });

  it('a cancel and a payment racing on two processes: exactly one wins, and confirm answers accordingly', async () => {
    for (let i = 0; i < 10; i += 1) {
      const intent = await first.createPayment(input(`race-${i}`));
      const [paid] = await Promise.allSettled([
        first.confirm(intent.id, testCards.success),
        second.cancelPayment(intent.id),
      ]);
      const final = (await second.retrievePayment(intent.id))!.status;
      if (paid.status === 'fulfilled') {
        expect(paid.value.kind).toBe('succeeded');
        expect(final).toBe('succeeded');
      } else {
        expect(paid.reason).toMatchObject({ code: 'ORDER_NOT_PAYABLE' });
        expect(final).toBe('canceled');
      }
    }
  });
});
