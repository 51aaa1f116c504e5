import { AppError } from '../errors/app-error';
import type { CommerceContext } from './commerce-context';
import type { SaleFacts } from './sale-stock-writer';

export async function loadSaleFacts(ctx: CommerceContext, showId: string, saleId: string): Promise<SaleFacts> {
  const cached = ctx.saleFacts.get(saleId);
  if (cached && cached.facts.showId === showId) return cached.facts;
  const sale = await ctx.db.flashSale.findFirst({
    where: { id: saleId, showProduct: { showId } },
    include: { showProduct: { include: { product: true, show: { select: { brandId: true } } } } },
  });
  if (!sale) throw new AppError('NOT_FOUND', 'sale not found');
  const facts: SaleFacts = {
    saleId,
    brandId: sale.showProduct.show.brandId,
    showId,
    productId: sale.showProduct.productId,
    title: sale.showProduct.product.title,
    priceMinor: sale.priceMinor,
    currency: sale.showProduct.product.currency,
    perBuyerLimit: sale.perBuyerLimit,
  };
  if (ctx.saleFacts.size > 1000) ctx.saleFacts.clear();
  ctx.saleFacts.set(saleId, {
    facts,
    startsAt: sale.startsAt.getTime(),
    endsAt: sale.endsAt.getTime(),
    quantity: sale.quantity,
    showProductId: sale.showProductId,
  });
  return facts;
}

/** Rebuilds a sale's counter from the database (first use in this process, or after Redis lost its keys). */
export async function rebuildCounter(ctx: CommerceContext, saleId: string): Promise<void> {
  const sale = await ctx.db.flashSale.findUnique({ where: { id: saleId } });
  if (!sale) throw new AppError('NOT_FOUND', 'sale not found');
  const tallies = await ctx.db.flashSaleBuyer.findMany({
    where: { flashSaleId: saleId, units: { gt: 0 } },
    select: { buyerId: true, units: true },
  });
  const heldByBuyer = Object.fromEntries(tallies.map((row) => [row.buyerId, row.units]));
  const ttl = Math.max(60, Math.ceil((sale.endsAt.getTime() - Date.now()) / 1000) + ctx.holdSeconds + 60);
  await ctx.counter.load(saleId, { remaining: sale.remaining, perBuyerLimit: sale.perBuyerLimit, heldByBuyer }, ttl);
}
