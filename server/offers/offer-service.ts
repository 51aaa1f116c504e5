// The console's offers, sending one to the customers whose tags match, and her own offers.
import { Prisma } from '../../prisma/generated/client';
import { sendNotices } from '../announcements/customer-notices';
import type { Database } from '../database/prisma-client';
import { AppError, notFound } from '../errors/app-error';
import { formatMoney } from '../money/money-format';
import { compileSegmentFilter, filterTagIds } from '../segments/segment-filter';
import type { SegmentFilter } from '../segments/segment-schemas';
import type { MyOfferView, OfferInput, OfferView } from './offer-schemas';

type OfferRow = Awaited<ReturnType<Database['offer']['findMany']>>[number];

export const toOfferView = (row: OfferRow, recipients?: number): OfferView => ({
  id: row.id,
  code: row.code,
  title: row.title,
  kind: row.kind,
  priceMinor: row.priceMinor,
  percentOff: row.percentOff,
  productIds: row.productIds,
  category: row.category,
  expiresAt: row.expiresAt.toISOString(),
  perCustomerLimit: row.perCustomerLimit,
  totalLimit: row.totalLimit,
  used: row.used,
  audience: row.audience as SegmentFilter | null,
  sentAt: row.sentAt?.toISOString() ?? null,
  ...(recipients === undefined ? {} : { recipients }),
});

export async function createOffer(
  db: Database,
  brandId: string,
  input: OfferInput,
  now = Date.now(),
): Promise<OfferView> {
  if (Date.parse(input.expiresAt) <= now)
    throw new AppError('VALIDATION_FAILED', 'the expiry is in the past', { expiresAt: 'pick a later time' });
  const tagIds = [...filterTagIds(input.audience)];
  const known = await db.tag.count({ where: { brandId, id: { in: tagIds } } });
  if (known !== tagIds.length)
    throw new AppError('VALIDATION_FAILED', 'the audience names a tag this brand does not have', {
      audience: 'unknown tag',
    });
  if (input.productIds.length) {
    const products = await db.product.count({ where: { brandId, id: { in: input.productIds } } });
    if (products !== new Set(input.productIds).size)
      throw new AppError('VALIDATION_FAILED', 'unknown product', { productIds: 'unknown product' });
  }
  try {
    const row = await db.offer.create({
      data: {
        brandId,
        code: input.code,
        title: input.title,
        kind: input.kind,
        priceMinor: input.kind === 'PRICE' ? input.priceMinor! : null,
        percentOff: input.kind === 'PERCENT' ? input.percentOff! : null,
        productIds: input.productIds,
        category: input.category ?? null,
        expiresAt: new Date(input.expiresAt),
        perCustomerLimit: input.perCustomerLimit,
        totalLimit: input.totalLimit ?? null,
        audience: input.audience as object,
      },
    });
    return toOfferView(row, 0);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
      throw new AppError('CONFLICT', 'another offer has that code', { code: 'taken' });
    throw error;
  }
}

export async function listOffers(db: Database, brandId: string): Promise<OfferView[]> {
  const rows = await db.offer.findMany({ where: { brandId }, orderBy: { createdAt: 'desc' }, take: 200 });
  const counts = await db.offerRecipient.groupBy({
    by: ['offerId'],
    where: { offerId: { in: rows.map((row) => row.id) } },
    _count: { _all: true },
  });
  const byOffer = new Map(counts.map((count) => [count.offerId, count._count._all]));
  return rows.map((row) => toOfferView(row, byOffer.get(row.id) ?? 0));
}

/**
 * Makes the offer hers for every follower with an account whose tags match now (one INSERT ... SELECT), and puts it
 * in their inbox. Sending again adds those who matched since; nobody gets it twice.
 */
export async function sendOffer(
  db: Database,
  brandId: string,
  offerId: string,
  publicBaseUrl: string,
  now = Date.now(),
): Promise<{ recipients: number; added: number; userIds: string[] }> {
  const offer = await db.offer.findFirst({
    where: { id: offerId, brandId },
    include: { brand: { select: { name: true } } },
  });
  if (!offer) throw notFound('offer');
  if (offer.expiresAt.getTime() <= now) throw new AppError('OFFER_EXPIRED', 'this offer has expired');
  const filter = offer.audience as SegmentFilter;
  const added = await db.$queryRaw<{ userId: string }[]>`
    INSERT INTO "OfferRecipient" ("offerId", "userId", "used", "sentAt")
    SELECT DISTINCT ${offer.id}, f."userId", 0, ${new Date(now)}::timestamp(3) FROM "Follower" f
    WHERE f."brandId" = ${brandId} AND f."userId" IS NOT NULL AND ${compileSegmentFilter(filter)}
    ON CONFLICT DO NOTHING RETURNING "userId"`;
  await db.offer.update({ where: { id: offer.id }, data: { sentAt: new Date(now) } });
  const product = offer.productIds.length
    ? await db.product.findFirst({ where: { id: { in: offer.productIds } }, select: { currency: true } })
    : null;
  const text = offerText(offer, product?.currency ?? 'usd');
  const userIds = await sendNotices(
    db,
    added.map(({ userId }) => ({
      brandId,
      userId,
      dedupeKey: `offer:${offer.id}:${userId}`,
      message: {
        title: offer.title,
        showUrl: `${publicBaseUrl}/offers`,
        balloons: [
          {
            type: 'text',
            text: `${offer.title}: ${text}. Your code: ${offer.code} (until ${offer.expiresAt.toISOString().slice(0, 10)}).`,
          },
          { type: 'button', label: 'My offers', url: `${publicBaseUrl}/offers` },
        ],
      },
    })),
  );
  const recipients = await db.offerRecipient.count({ where: { offerId: offer.id } });
  return { recipients, added: added.length, userIds };
}

function offerText(offer: OfferRow, currency: string): string {
  const what = offer.productIds.length
    ? offer.category
      ? `selected pieces and ${offer.category}`
      : 'selected pieces'
    : (offer.category ?? '');
  return offer.kind === 'PERCENT'
    ? `${offer.percentOff}% off ${what}`
    : `a private price of ${formatMoney(offer.priceMinor ?? 0, currency)} on ${what}`;
}

/** Her offers that she can still use. */
export async function listMyOffers(db: Database, userId: string, now = Date.now()): Promise<MyOfferView[]> {
  const rows = await db.offerRecipient.findMany({
    where: { userId, offer: { expiresAt: { gt: new Date(now) } } },
    include: { offer: { include: { brand: { select: { name: true } } } } },
    take: 100,
  });
  return rows.flatMap(({ offer, used }) => {
    const usesLeft = Math.min(
      offer.perCustomerLimit - used,
      offer.totalLimit === null ? Number.POSITIVE_INFINITY : offer.totalLimit - offer.used,
    );
    if (usesLeft <= 0) return [];
    return [
      {
        code: offer.code,
        title: offer.title,
        brandName: offer.brand.name,
        kind: offer.kind,
        priceMinor: offer.priceMinor,
        percentOff: offer.percentOff,
        productIds: offer.productIds,
        category: offer.category,
        expiresAt: offer.expiresAt.toISOString(),
        usesLeft,
      },
    ];
  });
}
