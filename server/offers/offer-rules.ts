// Whether an offer applies to one purchase and at what unit price: pure, so the rules are tested without a database.
// The database then enforces the counts with conditional updates (redeem-offer.ts).

export type OfferRefusal =
  | 'OFFER_NOT_FOUND'
  | 'OFFER_EXPIRED'
  | 'OFFER_USED_UP'
  | 'OFFER_NOT_YOURS'
  | 'OFFER_NOT_APPLICABLE';

export interface OfferFacts {
  kind: 'PRICE' | 'PERCENT';
  priceMinor: number | null;
  percentOff: number | null;
  productIds: readonly string[];
  category: string | null;
  expiresAt: Date;
  perCustomerLimit: number;
  totalLimit: number | null;
  used: number;
}

export interface PurchaseFacts {
  productId: string;
  category: string;
  priceMinor: number;
}

export type OfferDecision = { ok: true; unitPriceMinor: number } | { ok: false; code: OfferRefusal; message: string };

export function decideOffer(
  offer: OfferFacts | null,
  recipient: { used: number } | null,
  purchase: PurchaseFacts,
  now: number,
): OfferDecision {
  if (!offer) return { ok: false, code: 'OFFER_NOT_FOUND', message: 'no offer has that code' };
  if (!recipient) return { ok: false, code: 'OFFER_NOT_YOURS', message: 'this offer was made to someone else' };
  if (offer.expiresAt.getTime() <= now) return { ok: false, code: 'OFFER_EXPIRED', message: 'this offer has expired' };
  if (recipient.used >= offer.perCustomerLimit)
    return { ok: false, code: 'OFFER_USED_UP', message: 'you have used this offer as often as it allows' };
  if (offer.totalLimit !== null && offer.used >= offer.totalLimit)
    return { ok: false, code: 'OFFER_USED_UP', message: 'this offer has been used up' };
  const named = offer.productIds.includes(purchase.productId);
  const inCategory = offer.category !== null && offer.category.toLowerCase() === purchase.category.toLowerCase();
  if (!named && !inCategory)
    return { ok: false, code: 'OFFER_NOT_APPLICABLE', message: 'this offer is not for this product' };
  const unitPriceMinor =
    offer.kind === 'PRICE'
      ? // A private price never raises the price.
        Math.min(offer.priceMinor ?? purchase.priceMinor, purchase.priceMinor)
      : Math.round((purchase.priceMinor * (100 - (offer.percentOff ?? 0))) / 100);
  return { ok: true, unitPriceMinor };
}
