// Checkout's use of an offer, inside the order's transaction (server/commerce/reserve-product.ts). The price comes
// from the offer row, never from the client; the counts move only through conditional updates, so two checkouts
// racing for the last use cannot both get it (and the Offer_used CHECK would refuse it anyway).
import type { Prisma } from '../../prisma/generated/client';
import { AppError } from '../errors/app-error';
import { decideOffer, type PurchaseFacts } from './offer-rules';

type Tx = Prisma.TransactionClient;

export interface ClaimedOffer {
  offerId: string;
  unitPriceMinor: number;
}

export async function claimOffer(
  tx: Tx,
  input: { brandId: string; userId: string; code: string; purchase: PurchaseFacts; now?: number },
): Promise<ClaimedOffer> {
  const now = input.now ?? Date.now();
  const offer = await tx.offer.findUnique({
    where: { brandId_code: { brandId: input.brandId, code: input.code.trim().toUpperCase() } },
  });
  const recipient = offer
    ? await tx.offerRecipient.findUnique({ where: { offerId_userId: { offerId: offer.id, userId: input.userId } } })
    : null;
  const decision = decideOffer(offer, recipient, input.purchase, now);
  if (!decision.ok) throw new AppError(decision.code, decision.message);
  const offerId = offer!.id;
  const mine = await tx.$executeRaw`
    UPDATE "OfferRecipient" r SET "used" = r."used" + 1 FROM "Offer" o
    WHERE r."offerId" = o."id" AND r."offerId" = ${offerId} AND r."userId" = ${input.userId} AND r."used" < o."perCustomerLimit"`;
  if (mine !== 1) throw new AppError('OFFER_USED_UP', 'you have used this offer as often as it allows');
  const all = await tx.$executeRaw`
    UPDATE "Offer" SET "used" = "used" + 1
    WHERE "id" = ${offerId} AND ("totalLimit" IS NULL OR "used" < "totalLimit") AND "expiresAt" > ${new Date(now)}`;
  if (all !== 1) throw new AppError('OFFER_USED_UP', 'this offer has been used up');
  return { offerId, unitPriceMinor: decision.unitPriceMinor };
}

export async function recordRedemption(tx: Tx, claimed: ClaimedOffer, userId: string, orderId: string): Promise<void> {
  await tx.offerRedemption.create({ data: { offerId: claimed.offerId, userId, orderId } });
}

/** An order that will never be paid (cancelled, expired) gives its use back. */
export async function returnOfferUse(tx: Tx, orderId: string): Promise<void> {
  const redemption = await tx.offerRedemption.findUnique({ where: { orderId } });
  if (!redemption) return;
  await tx.offerRedemption.delete({ where: { orderId } });
  await tx.$executeRaw`UPDATE "OfferRecipient" SET "used" = "used" - 1 WHERE "offerId" = ${redemption.offerId} AND "userId" = ${redemption.userId} AND "used" > 0`;
  await tx.$executeRaw`UPDATE "Offer" SET "used" = "used" - 1 WHERE "id" = ${redemption.offerId} AND "used" > 0`;
}
