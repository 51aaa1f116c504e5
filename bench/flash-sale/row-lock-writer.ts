// The naive way, for comparison only: every purchase and every release is its own database transaction that takes
// the sale's row lock (SELECT ... FOR UPDATE), checks, writes and commits. It implements the same SaleStockWriter
// port as the group-committed writer, so the baseline runs through exactly the same socket path, session check,
// counter gate and driver (node-postgres on the same pool); only the way stock reaches the database differs.
import type pg from 'pg';
import { newId } from '../../server/commerce/new-id';
import type { SaleStockWriter, TakeOutcome } from '../../server/commerce/sale-stock-writer';

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export function createRowLockWriter(pool: pg.Pool): SaleStockWriter {
  return {
    take: (facts, request) =>
      inTransaction(pool, async (tx): Promise<TakeOutcome> => {
        const now = new Date().toISOString();
        const {
          rows: [sale],
        } = await tx.query<{ remaining: number; perBuyerLimit: number }>(
          `SELECT remaining, "perBuyerLimit" FROM "FlashSale" WHERE id = $1 AND status = 'ACTIVE' AND "endsAt" > $2::timestamp(3) FOR UPDATE`,
          [facts.saleId, now],
        );
        if (!sale) return { ok: false, reason: 'SALE_NOT_ACTIVE', remaining: 0 };
        const {
          rows: [tally],
        } = await tx.query<{ units: number }>(
          `SELECT COALESCE((SELECT units FROM "FlashSaleBuyer" WHERE "flashSaleId" = $1 AND "buyerId" = $2), 0) AS units`,
          [facts.saleId, request.buyerId],
        );
        if (tally!.units + request.quantity > sale.perBuyerLimit)
          return { ok: false, reason: 'PURCHASE_LIMIT', remaining: sale.remaining };
        if (sale.remaining < request.quantity) return { ok: false, reason: 'SOLD_OUT', remaining: sale.remaining };
        await tx.query(`UPDATE "FlashSale" SET remaining = remaining - $2 WHERE id = $1`, [
          facts.saleId,
          request.quantity,
        ]);
        const reservationId = newId();
        const orderId = newId();
        await tx.query(
          `INSERT INTO "Reservation" (id, "flashSaleId", "productId", "buyerId", quantity, "expiresAt") VALUES ($1, $2, $3, $4, $5, $6::timestamp(3))`,
          [
            reservationId,
            facts.saleId,
            facts.productId,
            request.buyerId,
            request.quantity,
            request.expiresAt.toISOString(),
          ],
        );
        await tx.query(
          `INSERT INTO "Order" (id, "brandId", "buyerId", "showId", "reservationId", "totalMinor", currency, "paymentProvider", "updatedAt")
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamp(3))`,
          [
            orderId,
            facts.brandId,
            request.buyerId,
            facts.showId,
            reservationId,
            facts.priceMinor * request.quantity,
            facts.currency,
            request.paymentProvider,
            now,
          ],
        );
        await tx.query(
          `INSERT INTO "OrderItem" (id, "orderId", "productId", title, quantity, "unitPriceMinor") VALUES ($1, $2, $3, $4, $5, $6)`,
          [newId(), orderId, facts.productId, facts.title, request.quantity, facts.priceMinor],
        );
        await tx.query(
          `INSERT INTO "FlashSaleBuyer" ("flashSaleId", "buyerId", units) VALUES ($1, $2, $3)
           ON CONFLICT ("flashSaleId", "buyerId") DO UPDATE SET units = "FlashSaleBuyer".units + EXCLUDED.units`,
          [facts.saleId, request.buyerId, request.quantity],
        );
        return { ok: true, reservationId, orderId, remaining: sale.remaining - request.quantity };
      }),
    giveBack: (saleId, reservationId, status) =>
      inTransaction(pool, async (tx) => {
        const {
          rows: [sale],
        } = await tx.query<{ remaining: number }>(`SELECT remaining FROM "FlashSale" WHERE id = $1 FOR UPDATE`, [
          saleId,
        ]);
        const {
          rows: [ended],
        } = await tx.query<{ buyerId: string; quantity: number }>(
          `UPDATE "Reservation" SET status = $2::"ReservationStatus" WHERE id = $1 AND status = 'HELD' RETURNING "buyerId", quantity`,
          [reservationId, status],
        );
        if (!ended) return { returned: null, remaining: sale?.remaining ?? 0 };
        const {
          rows: [order],
        } = await tx.query<{ paymentIntentId: string | null }>(
          `UPDATE "Order" SET status = $2::"OrderStatus", "updatedAt" = $3::timestamp(3) WHERE "reservationId" = $1 RETURNING "paymentIntentId"`,
          [reservationId, status === 'RELEASED' ? 'CANCELED' : 'EXPIRED', new Date().toISOString()],
        );
        await tx.query(`UPDATE "FlashSaleBuyer" SET units = units - $3 WHERE "flashSaleId" = $1 AND "buyerId" = $2`, [
          saleId,
          ended.buyerId,
          ended.quantity,
        ]);
        const {
          rows: [after],
        } = await tx.query<{ remaining: number }>(
          `UPDATE "FlashSale" SET remaining = remaining + $2 WHERE id = $1 RETURNING remaining`,
          [saleId, ended.quantity],
        );
        return { returned: { ...ended, paymentIntentId: order?.paymentIntentId ?? null }, remaining: after!.remaining };
      }),
    health: async () => ({ ok: true }),
    async close() {},
  };
}
