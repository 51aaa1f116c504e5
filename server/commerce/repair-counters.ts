// The stock counter drifts low when a process dies between the counter's take and the database batch, or between a
// release's commit and the counter's give: the sale then looks sold out (or a buyer looks at their limit) while the
// database still has the units. The counter only filters — the database's conditional update has the last word — so
// the cure is to reload it from the database. A reload while requests are in flight can leave it a little high,
// which the database absorbs (it turns the extra buyer away), never low.
//
// A busy sale's counter is below the database for a moment on every purchase (the counter goes first), so one
// comparison proves nothing. A sale is reloaded only when its counter stays below the database at two checks in a
// row while the database did not move in between: the state a drifted sale settles into, because its counter turns
// buyers away and nothing reaches the database any more.
import type { CommerceContext } from './commerce-context';
import { rebuildCounter } from './sale-facts';

export type CounterRepair = () => Promise<number>;

export function createCounterRepair(ctx: CommerceContext): CounterRepair {
  /** sale id -> the database's remaining units at the check that first found the counter lower */
  const suspects = new Map<string, number>();
  return async function repairDriftedCounters() {
    const sales = await ctx.db.flashSale.findMany({
      where: { status: 'ACTIVE' },
      select: { id: true, remaining: true },
      take: 500,
    });
    const active = new Set(sales.map((sale) => sale.id));
    for (const id of suspects.keys()) if (!active.has(id)) suspects.delete(id);
    let repaired = 0;
    for (const sale of sales) {
      const counted = await ctx.counter.remaining(sale.id);
      if (counted === null || counted >= sale.remaining) {
        suspects.delete(sale.id);
        continue;
      }
      if (suspects.get(sale.id) !== sale.remaining) {
        suspects.set(sale.id, sale.remaining);
        continue;
      }
      suspects.delete(sale.id);
      await ctx.counter.drop(sale.id);
      await rebuildCounter(ctx, sale.id);
      repaired += 1;
      ctx.log(
        `[sale:${sale.id}] stock counter reloaded from the database: it said ${counted} left, the database ${sale.remaining}`,
        'warn',
      );
    }
    return repaired;
  };
}
