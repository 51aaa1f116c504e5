// Receipts and order views in zero-, two- and three-decimal currencies: a product priced ¥5,000 is bought and paid
// with the test card; the order view carries 5000 jpy and the receipt mail says ¥5,000 (it said ¥50 when every
// currency was divided by 100).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../money/money-format';
import { createCommerceFixture, type CommerceFixture } from './testing/commerce-fixture';

describe('receipts in every currency', () => {
  let f: CommerceFixture;
  beforeAll(async () => {
    f = await createCommerceFixture();
  });
  afterAll(async () => {
    await f?.close();
  });

  const cases = [
    { currency: 'jpy', priceMinor: 5000, shown: '¥5,000' },
    { currency: 'krw', priceMinor: 12000, shown: '₩12,000' },
    { currency: 'thb', priceMinor: 125050, shown: 'THB 1,250.50' },
    { currency: 'usd', priceMinor: 1999, shown: '$19.99' },
    { currency: 'kwd', priceMinor: 12500, shown: 'KWD 12.500' },
  ];

  it.each(cases)(
    '$currency: the order view keeps the minor units, the receipt shows $shown',
    async ({ currency, priceMinor, shown }) => {
      await f.database.db.product.update({ where: { id: f.productId }, data: { currency, priceMinor } });
      const [buyer] = await f.buyers(1);
      const held = await f.request<{ orderId: string }>(
        'POST',
        `/api/shows/${f.showId}/products/${f.showProductId}/reservations`,
        buyer!.headers,
        { quantity: 1 },
      );
      expect(held.status).toBe(201);
      const checkout = await f.request<{ paymentIntentId: string }>(
        'POST',
        `/api/orders/${held.body.orderId}/checkout`,
        buyer!.headers,
        {},
      );
      const paid = await f.request<{ status: string }>('POST', '/api/payments/test/confirm', buyer!.headers, {
        paymentIntentId: checkout.body.paymentIntentId,
        cardNumber: '4242 4242 4242 4242',
      });
      expect(paid.body.status).toBe('PAID');

      const view = await f.request<{ totalMinor: number; currency: string; items: { unitPriceMinor: number }[] }>(
        'GET',
        `/api/orders/${held.body.orderId}`,
        buyer!.headers,
      );
      expect(view.body).toMatchObject({ totalMinor: priceMinor, currency, items: [{ unitPriceMinor: priceMinor }] });
      expect(formatMoney(view.body.totalMinor, view.body.currency).replace(/\u00a0/g, ' ')).toBe(shown);

      const outbox = await f.request<{ items: { subject: string; text: string }[] }>(
        'GET',
        '/api/outbox',
        buyer!.headers,
      );
      const receipt = outbox.body.items.find((mail) => /paid/.test(mail.subject));
      const text = receipt!.text.replace(/\u00a0/g, ' ');
      expect(text).toContain(`We received ${shown}.`);
      expect(text).toContain(`1 x Tote — ${shown}`);
    },
  );
});
