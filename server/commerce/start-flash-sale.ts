import { AppError, notFound } from '../errors/app-error';
import type { CommerceContext } from './commerce-context';
import type { StartSaleInput } from './commerce-schemas';
import { rebuildCounter } from './sale-facts';
import { recordCue } from '../cues/record-cue';
import type { CueEvent } from '../realtime/contract';

/**
 * Stores a sale's change as a cue on the show's media timeline and returns its media time for the broadcast. A cue
 * that could not be stored still goes out, untimed (viewers then show it at once, as before cues).
 */
export async function cueSale(
  ctx: CommerceContext,
  showId: string,
  event: CueEvent,
  at: Date,
): Promise<{ mediaTime?: string }> {
  try {
    const cue = await recordCue(ctx.db, showId, event, { wallMs: at.getTime(), clock: ctx.mediaClock });
    return { mediaTime: cue.mediaTime };
  } catch (error) {
    ctx.log(`[show:${showId}] cue not stored: ${(error as Error).message}`, 'warn');
    return {};
  }
}

/** The host starts a sale on one of the show's products; one active sale per product at a time. */
export async function startFlashSale(ctx: CommerceContext, brandId: string, showId: string, input: StartSaleInput) {
  // The sale starts when the host asked: its start on the media timeline is the frame she was showing then.
  const startsAt = new Date();
  const showProduct = await ctx.db.showProduct.findFirst({
    where: { id: input.showProductId, showId, show: { brandId } },
    include: {
      show: { select: { status: true } },
      product: { select: { archivedAt: true, title: true, currency: true, priceMinor: true } },
    },
  });
  if (!showProduct) throw notFound('show product');
  if (showProduct.show.status === 'ENDED' || showProduct.show.status === 'CANCELLED') {
    throw new AppError('SHOW_NOT_EDITABLE', 'this show is over');
  }
  if (showProduct.product.archivedAt) throw new AppError('CONFLICT', 'this product is archived');
  const sale = await ctx.db.$transaction(async (tx) => {
    const active = await tx.flashSale.count({
      where: { showProductId: showProduct.id, status: 'ACTIVE', endsAt: { gt: new Date() } },
    });
    if (active > 0) throw new AppError('CONFLICT', 'a sale is already running for this product');
    return tx.flashSale.create({
      data: {
        showProductId: showProduct.id,
        priceMinor: input.priceMinor,
        quantity: input.quantity,
        remaining: input.quantity,
        perBuyerLimit: input.perBuyerLimit,
        startsAt,
        endsAt: new Date(startsAt.getTime() + input.durationSeconds * 1000),
      },
    });
  });
  await rebuildCounter(ctx, sale.id).catch((error) =>
    ctx.log(`[sale:${sale.id}] counter not loaded: ${(error as Error).message}`, 'warn'),
  );
  ctx.log(`[show:${showId}] [sale:${sale.id}] started: ${sale.quantity} units at ${sale.priceMinor}`);
  const state = {
    saleId: sale.id,
    showProductId: sale.showProductId,
    productId: showProduct.productId,
    title: showProduct.product.title,
    currency: showProduct.product.currency,
    regularPriceMinor: showProduct.product.priceMinor,
    priceMinor: sale.priceMinor,
    quantity: sale.quantity,
    remaining: sale.remaining,
    perBuyerLimit: sale.perBuyerLimit,
    startsAt: sale.startsAt.toISOString(),
    endsAt: sale.endsAt.toISOString(),
  };
  const cue = await cueSale(ctx, showId, { kind: 'sale_started', sale: { ...state, status: 'active' } }, startsAt);
  ctx.broadcaster.started(showId, { ...state, ...cue });
  return sale;
}

/**
 * Ends a sale early (the host), on time or sold out (the jobs); conditional, so only one caller announces it.
 * `soldOut`: only if it is still sold out when the update runs (a refund may have put units back meanwhile).
 */
export async function endFlashSale(
  ctx: CommerceContext,
  saleId: string,
  where: { brandId?: string; showId?: string } = {},
  soldOut = false,
) {
  const wallMs = Date.now();
  const sale = await ctx.db.flashSale.findFirst({
    where: { id: saleId, showProduct: { showId: where.showId, show: { brandId: where.brandId } } },
    include: { showProduct: { select: { showId: true } } },
  });
  if (!sale) throw notFound('sale');
  const early = sale.endsAt > new Date();
  const { count } = await ctx.db.flashSale.updateMany({
    where: {
      id: saleId,
      status: 'ACTIVE',
      ...(soldOut ? { remaining: 0, reservations: { none: { status: 'HELD' } } } : {}),
    },
    data: { status: 'ENDED', endsAt: early ? new Date() : sale.endsAt },
  });
  if (count > 0) {
    const cached = ctx.saleFacts.get(saleId);
    if (cached) cached.endsAt = Math.min(cached.endsAt, Date.now());
    ctx.log(`[show:${sale.showProduct.showId}] [sale:${saleId}] ended`);
    const { remaining } = await ctx.db.flashSale.findUniqueOrThrow({
      where: { id: saleId },
      select: { remaining: true },
    });
    const reason: 'sold_out' | 'stopped' | 'time_up' = remaining === 0 ? 'sold_out' : early ? 'stopped' : 'time_up';
    const stock = {
      saleId,
      showProductId: sale.showProductId,
      remaining,
      quantity: sale.quantity,
      status: 'ended' as const,
      reason,
    };
    // A sale that ran out of time ends at its end time on the media timeline; one stopped or sold out, now.
    const endedAt = early || reason === 'sold_out' ? wallMs : Math.min(wallMs, sale.endsAt.getTime());
    const cue = await cueSale(ctx, sale.showProduct.showId, { kind: 'sale_ended', stock }, new Date(endedAt));
    ctx.broadcaster.ended(sale.showProduct.showId, { ...stock, ...cue });
  }
  return count > 0;
}

/**
 * Ends the sales whose time is up, and the sales that sold out: no unit left and none held (a hold that expires
 * puts its units back on sale, so a sale whose last units are only held stays open until they are paid).
 */
export async function endDueSales(ctx: CommerceContext): Promise<number> {
  // Time is up once the viewers furthest behind live (the largest lag credited) have seen the end too.
  const now = new Date(Date.now() - ctx.fairStart.config.maxLagMs);
  const due = await ctx.db.flashSale.findMany({
    where: {
      status: 'ACTIVE',
      OR: [{ endsAt: { lte: now } }, { remaining: 0, reservations: { none: { status: 'HELD' } } }],
    },
    select: { id: true, endsAt: true },
    take: 100,
  });
  const ended = await Promise.all(
    due.map((sale) => endFlashSale(ctx, sale.id, {}, sale.endsAt > now).catch(() => false)),
  );
  return ended.filter(Boolean).length;
}
