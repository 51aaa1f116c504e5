import { analyticsOrderEvent } from '../analytics/analytics-hooks';
import { AppError, notFound } from '../errors/app-error';
import { claimOffer, recordRedemption } from '../offers/redeem-offer';
import type { CommerceContext } from './commerce-context';
import type { ReservationResult } from './reserve-flash-sale';
import { countOutcome, reservations } from '../observability/metrics';

/**
 * Units of one normal-price product one buyer may hold at once (unpaid holds; paid ones do not count). A buyer
 * taps "buy" for one unit at a time, so 5 covers a real basket; without a cap one account could keep a product's
 * whole stock on hold by repeating requests (each hold lasts RESERVATION_HOLD_SECONDS).
 */
export const productHoldLimitPerBuyer = 5;

/** Buy at the normal price: the product's stock, with the same conditional update and the same hold. */
export const reserveProduct = (...args: Parameters<typeof reserve>): Promise<ReservationResult> =>
  countOutcome(reserve(...args), (outcome) => reservations.inc({ kind: 'product', outcome }), 'held');

async function reserve(
  ctx: CommerceContext,
  buyerId: string,
  showId: string,
  showProductId: string,
  quantity: number,
  offerCode?: string,
): Promise<ReservationResult> {
  const row = await ctx.db.showProduct.findFirst({
    where: {
      id: showProductId,
      showId,
      show: { status: { in: ['SCHEDULED', 'LIVE', 'ENDED'] } },
      product: { archivedAt: null },
    },
    include: { product: true, show: { select: { brandId: true } } },
  });
  if (!row) throw notFound('product');
  return hold(
    ctx,
    buyerId,
    { productId: row.productId, brandId: row.show.brandId, showId, product: row.product },
    quantity,
    offerCode,
  );
}

/**
 * Buy a brand's product at its normal price outside any show (a product card an advisor sent in a chat): the same
 * stock, the same hold and the same limits; the order has no show.
 */
export const reserveCatalogProduct = (
  ctx: CommerceContext,
  buyerId: string,
  productId: string,
  quantity: number,
): Promise<ReservationResult> =>
  countOutcome(
    (async () => {
      const product = await ctx.db.product.findFirst({ where: { id: productId, archivedAt: null } });
      if (!product) throw notFound('product');
      return hold(ctx, buyerId, { productId, brandId: product.brandId, showId: null, product }, quantity);
    })(),
    (outcome) => reservations.inc({ kind: 'product', outcome }),
    'held',
  );

interface HoldTarget {
  productId: string;
  brandId: string;
  showId: string | null;
  product: { title: string; priceMinor: number; currency: string; category: string };
}

async function hold(
  ctx: CommerceContext,
  buyerId: string,
  row: HoldTarget,
  quantity: number,
  offerCode?: string,
): Promise<ReservationResult> {
  const expiresAt = new Date(Date.now() + ctx.holdSeconds * 1000);
  const result = await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.product.updateMany({
      where: { id: row.productId, stock: { gte: quantity } },
      data: { stock: { decrement: quantity } },
    });
    if (count === 0) throw new AppError('SOLD_OUT', 'sold out');
    // Under the product's row lock (taken by the update above), so one buyer's parallel requests count each other:
    // each statement in READ COMMITTED sees every hold committed before the lock was handed on.
    const held = await tx.reservation.aggregate({
      where: { productId: row.productId, buyerId, flashSaleId: null, status: 'HELD', expiresAt: { gt: new Date() } },
      _sum: { quantity: true },
    });
    if ((held._sum.quantity ?? 0) + quantity > productHoldLimitPerBuyer) {
      throw new AppError(
        'PURCHASE_LIMIT',
        `you can hold at most ${productHoldLimitPerBuyer} of this product at once; pay for or cancel your held order first`,
      );
    }
    // A personal offer's price, claimed in this transaction: refused (and nothing held) when it is not hers,
    // expired, used up or not for this product.
    const offer = offerCode
      ? await claimOffer(tx, {
          brandId: row.brandId,
          userId: buyerId,
          code: offerCode,
          purchase: { productId: row.productId, category: row.product.category, priceMinor: row.product.priceMinor },
        })
      : null;
    const unitPriceMinor = offer?.unitPriceMinor ?? row.product.priceMinor;
    const reservation = await tx.reservation.create({
      data: { productId: row.productId, buyerId, quantity, expiresAt },
    });
    const order = await tx.order.create({
      data: {
        brandId: row.brandId,
        buyerId,
        showId: row.showId,
        reservationId: reservation.id,
        totalMinor: unitPriceMinor * quantity,
        currency: row.product.currency,
        paymentProvider: ctx.payments.name,
        items: { create: { productId: row.productId, title: row.product.title, quantity, unitPriceMinor } },
      },
    });
    if (offer) await recordRedemption(tx, offer, buyerId, order.id);
    const stock = await tx.product.findUniqueOrThrow({ where: { id: row.productId }, select: { stock: true } });
    return {
      orderId: order.id,
      reservationId: reservation.id,
      expiresAt: expiresAt.toISOString(),
      remaining: stock.stock,
    };
  });
  analyticsOrderEvent(ctx.db, 'hold_placed', result.orderId);
  return result;
}
