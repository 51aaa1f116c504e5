// Group commit for flash-sale stock. Requests for one sale queue up while a batch is being written; the next batch
// writes all of them in one transaction (one call of a PL/pgSQL function) built around one conditional update of
// FlashSale.remaining (the source of truth). So 100 buyers cost one row lock, not 100, and the database still never
// goes below zero. The call goes through the pool behind Prisma (node-postgres): at thousands of reservations a
// second Prisma's per-query cost was the largest share of the server's CPU. It is an unnamed statement on purpose:
// a named one is session state, and a session can outlive the connection that prepared it (PGlite behind its socket
// server has one session for every connection; PgBouncer in transaction mode hands a session to any client), so a
// replaced connection then failed every batch with 42P05 "prepared statement already exists" (issue 11).
import type pg from 'pg';
import { sqlPool, type Database } from '../database/prisma-client';
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

export type ReturnOutcome = {
  returned: { buyerId: string; quantity: number; paymentIntentId: string | null } | null;
  remaining: number;
};

type Op =
  | {
      kind: 'take';
      facts: SaleFacts;
      request: TakeRequest;
      done: (outcome: TakeOutcome) => void;
      fail: (error: unknown) => void;
    }
  | {
      kind: 'return';
      reservationId: string;
      status: 'RELEASED' | 'EXPIRED';
      done: (outcome: ReturnOutcome) => void;
      fail: (error: unknown) => void;
    };

export interface SaleStockWriter {
  take(facts: SaleFacts, request: TakeRequest): Promise<TakeOutcome>;
  /** Ends a HELD reservation of a sale and gives its units back; `returned` is null when it was not HELD. */
  giveBack(saleId: string, reservationId: string, status: 'RELEASED' | 'EXPIRED'): Promise<ReturnOutcome>;
  /** For /api/health: a live call of the batch function through the writer's own pool answers now. */
  health(): Promise<WriterHealth>;
  close(): Promise<void>;
}

// A type, not an interface: health checks take it as a record of details.
export type WriterHealth = {
  ok: boolean;
  /** Stable codes only: the database's own message can carry names and values that have no place in a public body. */
  code?: 'FLASH_SALE_PATH_FAILING';
  /** PostgreSQL's SQLSTATE of the failing probe (e.g. 42883 function missing, 25006 read-only), when it has one. */
  sqlState?: string;
};

/**
 * `endGraceMs`: how long after a sale's end (server clock) the database still grants units. A buyer watching behind
 * live sees the end later; reserve-flash-sale decides per press whether it came before the end in her video
 * (fair-start.ts), and this keeps the conditional update from refusing those presses.
 */
export function createSaleStockWriter(db: Database, endGraceMs = 0): SaleStockWriter {
  const pool = sqlPool(db);
  const queues = new Map<string, Op[]>();
  const running = new Map<string, Promise<void>>();

  const drain = async (saleId: string) => {
    for (;;) {
      const batch = queues.get(saleId) ?? [];
      queues.delete(saleId);
      if (batch.length === 0) break;
      try {
        await writeBatch(pool, saleId, batch, endGraceMs);
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
    if (!running.has(saleId))
      running.set(saleId, new Promise((resolve) => setImmediate(() => void drain(saleId).then(resolve))));
  };

  return {
    take: (facts, request) =>
      new Promise((done, fail) => enqueue(facts.saleId, { kind: 'take', facts, request, done, fail })),
    giveBack: (saleId, reservationId, status) =>
      new Promise((done, fail) => enqueue(saleId, { kind: 'return', reservationId, status, done, fail })),
    // A live probe, not the last batch's outcome: a remembered failure kept /api/health at 503, so a load balancer
    // sent no traffic, no batch ran to clear it, and the server never came back.
    health: () => probeBatchPath(pool),
    async close() {
      await Promise.all(running.values());
    },
  };
}

type TakeOp = Extract<Op, { kind: 'take' }>;
type ReturnOp = Extract<Op, { kind: 'return' }>;

// The whole batch is one call of livecart_flash_sale_batch (prisma/migrations/*_flash_sale_batch_function): one round
// trip per batch instead of one per statement; each write to PostgreSQL was the server's largest cost per purchase.
const batchCall: pg.QueryConfig = {
  text: 'SELECT livecart_flash_sale_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) AS result',
};

// The probe calls the real function, the way a batch does, for a sale that cannot exist: with nothing to take or
// return it updates no row and then raises 'flash sale ... is gone' (P0001), which aborts the statement, so nothing
// is ever written. Reaching that RAISE proves the pool, the statement path and the function all work; a missing
// function (42883), a read-only database (25006) or a broken connection fail before it.
const probeCall: pg.QueryConfig = {
  text: batchCall.text,
  values: [
    'livecart-health-probe',
    new Date(0).toISOString(),
    [],
    [],
    [],
    [],
    [],
    [],
    [],
    [],
    [],
    null,
    null,
    null,
    null,
    null,
    null,
  ],
};

async function probeBatchPath(pool: pg.Pool): Promise<WriterHealth> {
  try {
    await pool.query(probeCall);
  } catch (error) {
    const sqlState = (error as { code?: unknown }).code;
    if (sqlState === 'P0001') return { ok: true };
    return {
      ok: false,
      code: 'FLASH_SALE_PATH_FAILING',
      ...(typeof sqlState === 'string' && /^[0-9A-Z]{5}$/.test(sqlState) ? { sqlState } : {}),
    };
  }
  return { ok: false, code: 'FLASH_SALE_PATH_FAILING' };
}

interface BatchResult {
  remaining: number;
  outcomes: ('OK' | 'SOLD_OUT' | 'PURCHASE_LIMIT' | 'SALE_NOT_ACTIVE')[];
  returned: { id: string; buyerId: string; quantity: number; paymentIntentId: string | null }[];
}

async function writeBatch(pool: pg.Pool, saleId: string, batch: Op[], endGraceMs: number): Promise<void> {
  const takes = batch.filter((op): op is TakeOp => op.kind === 'take');
  const returns = batch.filter((op): op is ReturnOp => op.kind === 'return');
  const facts = takes[0]?.facts;
  const ids = takes.map(() => ({ reservationId: newId(), orderId: newId(), itemId: newId() }));
  const { rows } = await pool.query<{ result: BatchResult }>({
    ...batchCall,
    values: [
      saleId,
      new Date(Date.now() - endGraceMs).toISOString(),
      returns.map((op) => op.reservationId),
      returns.map((op) => op.status),
      takes.map((op) => op.request.buyerId),
      takes.map((op) => op.request.quantity),
      takes.map((op) => op.request.expiresAt.toISOString()),
      ids.map((row) => row.reservationId),
      ids.map((row) => row.orderId),
      ids.map((row) => row.itemId),
      takes.map((op) => op.request.paymentProvider),
      facts?.brandId ?? null,
      facts?.showId ?? null,
      facts?.productId ?? null,
      facts?.title ?? null,
      facts?.priceMinor ?? null,
      facts?.currency ?? null,
    ],
  });
  const result = rows[0]!.result;
  const returned = new Map(
    result.returned.map((row) => [
      row.id,
      { buyerId: row.buyerId, quantity: row.quantity, paymentIntentId: row.paymentIntentId },
    ]),
  );
  takes.forEach((op, i) => {
    const outcome = result.outcomes[i]!;
    const { reservationId, orderId } = ids[i]!;
    op.done(
      outcome === 'OK'
        ? { ok: true, reservationId, orderId, remaining: result.remaining }
        : { ok: false, reason: outcome, remaining: result.remaining },
    );
  });
  for (const op of returns) op.done({ returned: returned.get(op.reservationId) ?? null, remaining: result.remaining });
}
