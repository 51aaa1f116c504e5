import { describe, expect, it } from 'vitest';
import { decideOffer, type OfferFacts } from './offer-rules';

const now = Date.parse('2027-01-10T12:00:00Z');
const offer = (changes: Partial<OfferFacts> = {}): OfferFacts => ({
  kind: 'PERCENT',
  priceMinor: null,
  percentOff: 20,
  productIds: [],
  category: 'Bags',
  expiresAt: new Date(now + 3_600_000),
  perCustomerLimit: 1,
  totalLimit: 10,
  used: 0,
  ...changes,
});
const bag = { productId: 'p1', category: 'bags', priceMinor: 125_000 };
const code = (decision: ReturnType<typeof decideOffer>) => (decision.ok ? decision.unitPriceMinor : decision.code);

describe('offer rules', () => {
  it('prices a percentage off a category (case-insensitive) and a private price on named products, never above the price', () => {
    expect(code(decideOffer(offer(), { used: 0 }, bag, now))).toBe(100_000);
    expect(code(decideOffer(offer({ percentOff: 33 }), { used: 0 }, { ...bag, priceMinor: 999 }, now))).toBe(669);
    expect(
      code(
        decideOffer(
          offer({ kind: 'PRICE', priceMinor: 90_000, percentOff: null, productIds: ['p1'], category: null }),
          { used: 0 },
          bag,
          now,
        ),
      ),
    ).toBe(90_000);
    expect(
      code(
        decideOffer(
          offer({ kind: 'PRICE', priceMinor: 200_000, percentOff: null, productIds: ['p1'], category: null }),
          { used: 0 },
          bag,
          now,
        ),
      ),
    ).toBe(125_000);
  });

  it('refuses an unknown code, someone else’s offer, an expired one, one used up by her or by everyone, and another product', () => {
    expect(code(decideOffer(null, null, bag, now))).toBe('OFFER_NOT_FOUND');
    expect(code(decideOffer(offer(), null, bag, now))).toBe('OFFER_NOT_YOURS');
    expect(code(decideOffer(offer({ expiresAt: new Date(now) }), { used: 0 }, bag, now))).toBe('OFFER_EXPIRED');
    expect(code(decideOffer(offer({ perCustomerLimit: 2 }), { used: 2 }, bag, now))).toBe('OFFER_USED_UP');
    expect(code(decideOffer(offer({ totalLimit: 10, used: 10 }), { used: 0 }, bag, now))).toBe('OFFER_USED_UP');
    expect(code(decideOffer(offer({ totalLimit: null, used: 10_000 }), { used: 0 }, bag, now))).toBe(100_000);
    expect(code(decideOffer(offer(), { used: 0 }, { ...bag, category: 'Shoes' }, now))).toBe('OFFER_NOT_APPLICABLE');
    expect(code(decideOffer(offer({ category: null, productIds: ['p2'] }), { used: 0 }, bag, now))).toBe(
      'OFFER_NOT_APPLICABLE',
    );
  });
});
