// Group commit for flash-sale stock. Requests for one sale queue up while a batch is being written; the next batch
// writes all of them in one transaction whose first statement is a conditional update of FlashSale.remaining (the
// source of truth). So 100 buyers cost one row lock, not 100, and the database still never goes below zero.
import type { Database } from '../database/prisma-client';
import { newId } from './new-id';

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

export type ReturnOutcome = { returned: { buyerId: string; quantity: number } | null; remaining: number };

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
  const queues = new Map<string, Op[]>();
  const running = new Map<string, Promise<void>>();

  const drain = async (saleId: string) => {
    for (;;) {
      const batch = queues.get(saleId) ?? [];
      queues.delete(saleId);
      if (batch.length === 0) break;
      try {
        await writeBatch(db, saleId, batch);
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

// One batch stands for many requests: let it wait for a pooled connection under load instead of failing them all.
const batchTransactionOptions = { maxWait: 10_000, timeout: 20_000 };

type TakeOp = Extract<Op, { kind: 'take' }>;
type ReturnOp = Extract<Op, { kind: 'return' }>;

async function writeBatch(db: Database, saleId: string, batch: Op[]): Promise<void> {
  const takes = batch.filter((op): op is TakeOp => op.kind === 'take');
  const returns = batch.filter((op): op is ReturnOp => op.kind === 'return');

  const result = await db.$transaction(async (tx) => {
    // 1. Holds that end give their units back first, so this batch's buyers can have them.
    const returned = new Map<string, { buyerId: string; quantity: number }>();
    // Timestamps from our clock, not the database's now(): the columns are UTC without a time zone.
    const now = new Date().toISOString();
    for (const status of ['RELEASED', 'EXPIRED'] as const) {
      const ids = returns.filter((op) => op.status === status).map((op) => op.reservationId);
      if (ids.length === 0) continue;
      const orderStatus = status === 'RELEASED' ? 'CANCELED' : 'EXPIRED';
      const rows = await tx.$queryRaw<{ id: string; buyerId: string; quantity: number }[]>`
        WITH ended AS (
          UPDATE "Reservation" SET status = ${status}::"ReservationStatus"
          WHERE id = ANY(${ids}::text[]) AND "flashSaleId" = ${saleId} AND status = 'HELD'
          RETURNING id, "buyerId", quantity
        ), orders AS (
          UPDATE "Order" SET status = ${orderStatus}::"OrderStatus", "updatedAt" = ${now}::timestamp(3)
          WHERE "reservationId" IN (SELECT id FROM ended) AND status IN ('PENDING', 'FAILED')
        )
        SELECT id, "buyerId", quantity FROM ended`;
      for (const row of rows) returned.set(row.id, { buyerId: row.buyerId, quantity: row.quantity });
    }
    const back = [...returned.values()].reduce((sum, row) => sum + row.quantity, 0);
    const want = takes.reduce((sum, op) => sum + op.request.quantity, 0);

    // 2. The conditional update: all takes at once when the counter was right (the usual case).
    let locked = await tx.$queryRaw<{ remaining: number; open: boolean; perBuyerLimit: number }[]>`
      UPDATE "FlashSale" SET remaining = remaining + ${back} - ${want}
      WHERE id = ${saleId} AND remaining + ${back} >= ${want}
        AND (${want} = 0 OR (status = 'ACTIVE' AND "endsAt" > ${now}::timestamp(3)))
      RETURNING remaining, (status = 'ACTIVE' AND "endsAt" > ${now}::timestamp(3)) AS open, "perBuyerLimit"`;
    let granted = want;
    if (locked.length === 0) {
      // The counter let through more than the database holds (rebuilt after a restart, or several processes with
      // in-process counters): give the returns back, then grant only what the locked row allows.
      locked = await tx.$queryRaw`
        UPDATE "FlashSale" SET remaining = remaining + ${back} WHERE id = ${saleId}
        RETURNING remaining, (status = 'ACTIVE' AND "endsAt" > ${now}::timestamp(3)) AS open, "perBuyerLimit"`;
      granted = 0;
    }
    const sale = locked[0];
    if (!sale) throw new Error(`flash sale ${saleId} is gone`);

    // 3. Per-buyer limits, checked against committed rows while this transaction holds the sale's row lock.
    const buyers = [...new Set(takes.map((op) => op.request.buyerId))];
    const tallies = new Map<string, number>();
    if (buyers.length > 0) {
      const rows = await tx.$queryRaw<{ buyerId: string; units: bigint }[]>`
        SELECT "buyerId", SUM(quantity) AS units FROM "Reservation"
        WHERE "flashSaleId" = ${saleId} AND status IN ('HELD', 'CONVERTED') AND "buyerId" = ANY(${buyers}::text[])
        GROUP BY "buyerId"`;
      for (const row of rows) tallies.set(row.buyerId, Number(row.units));
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
    if (adjust !== 0) {
      await tx.$executeRaw`UPDATE "FlashSale" SET remaining = remaining + ${adjust} WHERE id = ${saleId}`;
    }
    const remaining = available;

    if (accepted.length > 0) {
      // One statement for reservations, orders and items (one round trip while the sale's row stays locked).
      const facts = accepted[0]!.op.facts;
      const reservationIds = accepted.map((row) => row.reservationId);
      const orderIds = accepted.map((row) => row.orderId);
      const buyerIds = accepted.map((row) => row.op.request.buyerId);
      const quantities = accepted.map((row) => row.op.request.quantity);
      const expiries = accepted.map((row) => row.op.request.expiresAt.toISOString());
      const totals = accepted.map((row) => row.op.facts.priceMinor * row.op.request.quantity);
      const providers = accepted.map((row) => row.op.request.paymentProvider);
      const itemIds = accepted.map(() => newId());
      await tx.$executeRaw`
        WITH reservations AS (
          INSERT INTO "Reservation" (id, "flashSaleId", "productId", "buyerId", quantity, "expiresAt")
          SELECT t.id, ${saleId}, ${facts.productId}, t.buyer, t.quantity, t.expires
          FROM unnest(${reservationIds}::text[], ${buyerIds}::text[], ${quantities}::int[], ${expiries}::timestamp(3)[]) AS t(id, buyer, quantity, expires)
        ), orders AS (
          INSERT INTO "Order" (id, "brandId", "buyerId", "showId", "reservationId", "totalMinor", currency, "paymentProvider", "updatedAt")
          SELECT t.id, ${facts.brandId}, t.buyer, ${facts.showId}, t.reservation, t.total, ${facts.currency}, t.provider, ${now}::timestamp(3)
          FROM unnest(${orderIds}::text[], ${buyerIds}::text[], ${reservationIds}::text[], ${totals}::int[], ${providers}::text[]) AS t(id, buyer, reservation, total, provider)
        )
        INSERT INTO "OrderItem" (id, "orderId", "productId", title, quantity, "unitPriceMinor")
        SELECT t.id, t.order_id, ${facts.productId}, ${facts.title}, t.quantity, ${facts.priceMinor}
        FROM unnest(${itemIds}::text[], ${orderIds}::text[], ${quantities}::int[]) AS t(id, order_id, quantity)`;
    }
    for (const row of accepted) outcomes.set(row.op, { ok: true, reservationId: row.reservationId, orderId: row.orderId, remaining });
    return { outcomes, returned, remaining };
  }, batchTransactionOptions);

  for (const op of takes) {
    const outcome = result.outcomes.get(op)!;
    op.done(outcome.ok ? outcome : { ...outcome, remaining: result.remaining });
  }
  for (const op of returns) op.done({ returned: result.returned.get(op.reservationId) ?? null, remaining: result.remaining });
}
