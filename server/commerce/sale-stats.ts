import type { Database } from '../database/prisma-client';

/** What the host watches: units sold (paid), units held (awaiting payment) and revenue, per sale of a show. */
export async function listShowSales(db: Database, showId: string, options: { withStats: boolean }) {
  const sales = await db.flashSale.findMany({
    where: { showProduct: { showId } },
    include: { showProduct: { include: { product: { select: { title: true, currency: true, priceMinor: true } } } } },
    orderBy: { createdAt: 'desc' },
    take: 50,
  });
  const ids = sales.map((sale) => sale.id);
  const [units, revenue] =
    options.withStats && ids.length > 0
      ? await Promise.all([
          db.reservation.groupBy({
            by: ['flashSaleId', 'status'],
            where: { flashSaleId: { in: ids }, status: { in: ['HELD', 'CONVERTED'] } },
            _sum: { quantity: true },
          }),
          db.order.findMany({
            where: { status: 'PAID', reservation: { flashSaleId: { in: ids } } },
            select: { totalMinor: true, reservation: { select: { flashSaleId: true } } },
          }),
        ])
      : [[], []];
  const now = Date.now();
  return sales.map((sale) => {
    const open = sale.status === 'ACTIVE' && sale.endsAt.getTime() > now;
    const sum = (status: string) =>
      units.find((row) => row.flashSaleId === sale.id && row.status === status)?._sum.quantity ?? 0;
    return {
      saleId: sale.id,
      showProductId: sale.showProductId,
      productId: sale.showProduct.productId,
      title: sale.showProduct.product.title,
      currency: sale.showProduct.product.currency,
      regularPriceMinor: sale.showProduct.product.priceMinor,
      priceMinor: sale.priceMinor,
      quantity: sale.quantity,
      remaining: sale.remaining,
      perBuyerLimit: sale.perBuyerLimit,
      startsAt: sale.startsAt.toISOString(),
      endsAt: sale.endsAt.toISOString(),
      status: !open ? ('ended' as const) : sale.remaining === 0 ? ('sold_out' as const) : ('active' as const),
      ...(options.withStats
        ? {
            unitsSold: sum('CONVERTED'),
            unitsHeld: sum('HELD'),
            revenueMinor: revenue
              .filter((row) => row.reservation?.flashSaleId === sale.id)
              .reduce((total, row) => total + row.totalMinor, 0),
          }
        : {}),
    };
  });
}
export type SaleView = Awaited<ReturnType<typeof listShowSales>>[number];
