// Group commit for flash-sale stock. Requests for one sale queue up while a batch is being written; the next batch
// writes all of them in one transaction whose first statement is a conditional update of FlashSale.remaining (the
// source of truth). So 100 buyers cost one row lock, not 100, and the database still never goes below zero.
// The batch talks to PostgreSQL through the pool behind Prisma (node-postgres, named prepared statements): at
// thousands of reservations a second Prisma's per-query cost was the largest share of the server's CPU.
import type pg from 'pg';
import { sqlPool, type Database } from '../database/prisma-client';
import { newId } from './new-id';
import { inTransaction } from '../database/sql-transaction';

export interface SaleFacts {
  saleId: string;
  brandId: string;
  showId: string;
  productId: string;
  title: string;
  priceMinor: number;
  currency: string;
  perBuyerLimit: number;
}

export interface TakeRequest {
  buyerId: string;
  quantity: number;
  expiresAt: Date;
  paymentProvider: string;
}

export type TakeOutcome =
  | { ok: true; reservationId: string; orderId: string; remaining: number }
  | { ok: false; reason: 'SOLD_OUT' | 'PURCHASE_LIMIT' | 'SALE_NOT_ACTIVE'; remaining: number };

export type ReturnOutcome = {
  returned: { buyerId: string; quantity: number; paymentIntentId: string | null } | null;
  remaining: number;
};

type Op =
  | { kind: 'take'; facts: SaleFacts; request: TakeRequest; done: (outcome: TakeOutcome) => void; fail: (error: unknown) => void }
  | { kind: 'return'; reservationId: string; status: 'RELEASED' | 'EXPIRED'; done: (outcome: ReturnOutcome) => void; fail: (error: unknown) => void };

export interface SaleStockWriter {
  take(facts: SaleFacts, request: TakeRequest): Promise<TakeOutcome>;
  /** Ends a HELD reservation of a sale and gives its units back; `returned` is null when it was not HELD. */
  giveBack(saleId: string, reservationId: string, status: 'RELEASED' | 'EXPIRED'): Promise<ReturnOutcome>;
  close(): Promise<void>;
}

export function createSaleStockWriter(db: Database): SaleStockWriter {
  const pool = sqlPool(db);
  const queues = new Map<string, Op[]>();
  const running = new Map<string, Promise<void>>();

  const drain = async (saleId: string) => {
    for (;;) {
      const batch = queues.get(saleId) ?? [];
      queues.delete(saleId);
      if (batch.length === 0) break;
      try {
        await writeBatch(pool, saleId, batch);
      } catch (error) {
        for (const op of batch) op.fail(error);
      }
    }
    running.delete(saleId);
  };
  const enqueue = (saleId: string, op: Op) => {
    const queue = queues.get(saleId) ?? [];
    queue.push(op);
    queues.set(saleId, queue);
    // setImmediate lets the requests that arrived in the same turn join the first batch.
    if (!running.has(saleId)) running.set(saleId, new Promise((resolve) => setImmediate(() => void drain(saleId).then(resolve))));
  };

  return {
    take: (facts, request) =>
      new Promise((done, fail) => enqueue(facts.saleId, { kind: 'take', facts, request, done, fail })),
    giveBack: (saleId, reservationId, status) =>
      new Promise((done, fail) => enqueue(saleId, { kind: 'return', reservationId, status, done, fail })),
    async close() {
      await Promise.all(running.values());
    },
  };
}

type TakeOp = Extract<Op, { kind: 'take' }>;
type ReturnOp = Extract<Op, { kind: 'return' }>;

// Named statements are parsed and planned once per connection. Timestamps come from our clock, not the
// database's now(): the columns are UTC without a time zone.
const endHolds: pg.QueryConfig = {
  name: 'sale-stock-end-holds',
  text: `
    WITH ended AS (
      UPDATE "Reservation" SET status = $1::"ReservationStatus"
      WHERE id = ANY($2::text[]) AND "flashSaleId" = $3 AND status = 'HELD'
      RETURNING id, "buyerId", quantity
    ), orders AS (
      UPDATE "Order" SET status = $4::"OrderStatus", "updatedAt" = $5::timestamp(3)
      WHERE "reservationId" IN (SELECT id FROM ended) AND status IN ('PENDING', 'FAILED')
      RETURNING "reservationId", "paymentIntentId"
    )
    SELECT ended.id, ended."buyerId", ended.quantity, orders."paymentIntentId"
    FROM ended LEFT JOIN orders ON orders."reservationId" = ended.id`,
};
// All takes at once when the counter was right (the usual case); returns given back in the same update.
const takeStock: pg.QueryConfig = {
  name: 'sale-stock-take',
  text: `
    UPDATE "FlashSale" SET remaining = remaining + $2 - $3
    WHERE id = $1 AND remaining + $2 >= $3 AND ($3 = 0 OR (status = 'ACTIVE' AND "endsAt" > $4::timestamp(3)))
    RETURNING remaining, (status = 'ACTIVE' AND "endsAt" > $4::timestamp(3)) AS open, "perBuyerLimit"`,
};
const returnStock: pg.QueryConfig = {
  name: 'sale-stock-return',
  text: `
    UPDATE "FlashSale" SET remaining = remaining + $2 WHERE id = $1
    RETURNING remaining, (status = 'ACTIVE' AND "endsAt" > $3::timestamp(3)) AS open, "perBuyerLimit"`,
};
const buyerTallies: pg.QueryConfig = {
  name: 'sale-stock-buyer-tallies',
  text: `
    SELECT "buyerId", SUM(quantity)::int AS units FROM "Reservation"
    WHERE "flashSaleId" = $1 AND status IN ('HELD', 'CONVERTED') AND "buyerId" = ANY($2::text[])
    GROUP BY "buyerId"`,
};
const adjustStock: pg.QueryConfig = { name: 'sale-stock-adjust', text: `UPDATE "FlashSale" SET remaining = remaining + $2 WHERE id = $1` };
// Reservations, orders and items in one statement (one round trip while the sale's row stays locked).
const insertHolds: pg.QueryConfig = {
  name: 'sale-stock-insert-holds',
  text: `
    WITH reservations AS (
      INSERT INTO "Reservation" (id, "flashSaleId", "productId", "buyerId", quantity, "expiresAt")
      SELECT t.id, $1, $2, t.buyer, t.quantity, t.expires
      FROM unnest($3::text[], $4::text[], $5::int[], $6::timestamp(3)[]) AS t(id, buyer, quantity, expires)
    ), orders AS (
      INSERT INTO "Order" (id, "brandId", "buyerId", "showId", "reservationId", "totalMinor", currency, "paymentProvider", "updatedAt")
      SELECT t.id, $7, t.buyer, $8, t.reservation, t.total, $9, t.provider, $10::timestamp(3)
      FROM unnest($11::text[], $4::text[], $3::text[], $12::int[], $13::text[]) AS t(id, buyer, reservation, total, provider)
    )
    INSERT INTO "OrderItem" (id, "orderId", "productId", title, quantity, "unitPriceMinor")
    SELECT t.id, t.order_id, $2, $14, t.quantity, $15
    FROM unnest($16::text[], $11::text[], $5::int[]) AS t(id, order_id, quantity)`,
};

type SaleRow = { remaining: number; open: boolean; perBuyerLimit: number };

async function writeBatch(pool: pg.Pool, saleId: string, batch: Op[]): Promise<void> {
  const takes = batch.filter((op): op is TakeOp => op.kind === 'take');
  const returns = batch.filter((op): op is ReturnOp => op.kind === 'return');

  const result = await inTransaction(pool, async (tx) => {
    // 1. Holds that end give their units back first, so this batch's buyers can have them.
    const returned = new Map<string, { buyerId: string; quantity: number; paymentIntentId: string | null }>();
    const now = new Date().toISOString();
    for (const status of ['RELEASED', 'EXPIRED'] as const) {
      const ids = returns.filter((op) => op.status === status).map((op) => op.reservationId);
      if (ids.length === 0) continue;
      const orderStatus = status === 'RELEASED' ? 'CANCELED' : 'EXPIRED';
      const { rows } = await tx.query<{ id: string; buyerId: string; quantity: number; paymentIntentId: string | null }>({
        ...endHolds,
        values: [status, ids, saleId, orderStatus, now],
      });
      for (const row of rows) returned.set(row.id, { buyerId: row.buyerId, quantity: row.quantity, paymentIntentId: row.paymentIntentId });
    }
    const back = [...returned.values()].reduce((sum, row) => sum + row.quantity, 0);
    const want = takes.reduce((sum, op) => sum + op.request.quantity, 0);

    // 2. The conditional update.
    let locked = (await tx.query<SaleRow>({ ...takeStock, values: [saleId, back, want, now] })).rows;
    let granted = want;
    if (locked.length === 0) {
      // The counter let through more than the database holds (rebuilt after a restart, or several processes with
      // in-process counters): give the returns back, then grant only what the locked row allows.
      locked = (await tx.query<SaleRow>({ ...returnStock, values: [saleId, back, now] })).rows;
      granted = 0;
    }
    const sale = locked[0];
    if (!sale) throw new Error(`flash sale ${saleId} is gone`);

    // 3. Per-buyer limits, checked against committed rows while this transaction holds the sale's row lock.
    const buyers = [...new Set(takes.map((op) => op.request.buyerId))];
    const tallies = new Map<string, number>();
    if (buyers.length > 0) {
      const { rows } = await tx.query<{ buyerId: string; units: number }>({ ...buyerTallies, values: [saleId, buyers] });
      for (const row of rows) tallies.set(row.buyerId, row.units);
    }
    let available = granted === want ? sale.remaining + want : sale.remaining;
    const outcomes = new Map<TakeOp, TakeOutcome>();
    const accepted: { op: TakeOp; reservationId: string; orderId: string }[] = [];
    for (const op of takes) {
      const { buyerId, quantity } = op.request;
      const tally = tallies.get(buyerId) ?? 0;
      if (!sale.open) outcomes.set(op, { ok: false, reason: 'SALE_NOT_ACTIVE', remaining: 0 });
      else if (tally + quantity > sale.perBuyerLimit) outcomes.set(op, { ok: false, reason: 'PURCHASE_LIMIT', remaining: 0 });
      else if (available < quantity) outcomes.set(op, { ok: false, reason: 'SOLD_OUT', remaining: 0 });
      else {
        available -= quantity;
        tallies.set(buyerId, tally + quantity);
        accepted.push({ op, reservationId: newId(), orderId: newId() });
      }
    }
    const taken = accepted.reduce((sum, row) => sum + row.op.request.quantity, 0);
    const adjust = granted - taken; // units the first update took for buyers that were then turned away
    if (adjust !== 0) await tx.query({ ...adjustStock, values: [saleId, adjust] });
    const remaining = available;

    if (accepted.length > 0) {
      const facts = accepted[0]!.op.facts;
      const quantities = accepted.map((row) => row.op.request.quantity);
      await tx.query({
        ...insertHolds,
        values: [
          saleId,
          facts.productId,
          accepted.map((row) => row.reservationId),
          accepted.map((row) => row.op.request.buyerId),
          quantities,
          accepted.map((row) => row.op.request.expiresAt.toISOString()),
          facts.brandId,
          facts.showId,
          facts.currency,
          now,
          accepted.map((row) => row.orderId),
          accepted.map((row) => row.op.facts.priceMinor * row.op.request.quantity),
          accepted.map((row) => row.op.request.paymentProvider),
          facts.title,
          facts.priceMinor,
          accepted.map(() => newId()),
        ],
      });
    }
    for (const row of accepted) outcomes.set(row.op, { ok: true, reservationId: row.reservationId, orderId: row.orderId, remaining });
    return { outcomes, returned, remaining };
  });

  for (const op of takes) {
    const outcome = result.outcomes.get(op)!;
    op.done(outcome.ok ? outcome : { ...outcome, remaining: result.remaining });
  }
  for (const op of returns) op.done({ returned: result.returned.get(op.reservationId) ?? null, remaining: result.remaining });
}
