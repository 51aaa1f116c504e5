// Issue 11, defect 1: flash sales must survive the database connection being replaced, on the embedded database
// (PGlite behind its socket server, one connection) and on PostgreSQL. Each scene REALLY replaces the pool's
// connection (a query error that drops it, the socket killed under it, the pool's idle timeout) after a flash-sale
// batch ran on the old one, then reserves, cancels and asks /api/health; and behind PgBouncer in transaction mode,
// the server connections are replaced under the clients. The writer's statement used to be a named prepared
// statement, which PGlite's single session kept (every later batch failed with 42P05) and which a pooler's new
// server connection did not have (26000).
import { mkdtemp, rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startPgBouncer } from '../../infra/test-support/pgbouncer';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from '../../infra/test-support/test-database';
import { openDatabase } from '../boot/open-database';
import { createDatabase, sqlPool } from '../database/prisma-client';
import { expireDueHolds } from './release-hold';
import { createCommerceFixture, type CommerceFixture } from './testing/commerce-fixture';

/** The embedded database exactly as `npm start` opens it (PGlite worker, migrations, a pool of one). */
async function embeddedDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'livecart-reconnect-'));
  const opened = await openDatabase(null, dir);
  return {
    url: opened.url,
    db: opened.db,
    async drop() {
      await opened.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

for (const backend of ['embedded PGlite', 'PostgreSQL'] as const) {
  describe(`flash sales across a replaced database connection (${backend})`, () => {
    let f: CommerceFixture;
    let saleId: string;
    let pool: pg.Pool;
    let connections = 0;
    beforeAll(async () => {
      f = await createCommerceFixture({
        database: backend === 'PostgreSQL' ? await createTestDatabase() : await embeddedDatabase(),
      });
      pool = sqlPool(f.database.db);
      pool.on('connect', () => connections++);
      const started = await f.request<{ saleId: string }>(
        'POST',
        `/api/brands/${f.brandId}/shows/${f.showId}/sales`,
        f.admin,
        {
          showProductId: f.showProductId,
          priceMinor: 2500,
          quantity: 100,
          durationSeconds: 300,
          perBuyerLimit: 1,
        },
      );
      expect(started.status).toBe(201);
      saleId = started.body.saleId;
    });
    afterAll(async () => {
      await f?.close();
    });

    const reserve = async () => {
      const [buyer] = await f.buyers(1);
      const held = await f.request<{ orderId: string; reservationId: string }>(
        'POST',
        `/api/shows/${f.showId}/sales/${saleId}/reservations`,
        buyer!.headers,
        { quantity: 1 },
      );
      return { ...held, buyer: buyer! };
    };
    /** A batch on the current connection, the replacement, then a reservation, a cancel and health on the new one. */
    const survives = async (replace: () => Promise<void>) => {
      expect((await reserve()).status).toBe(201);
      const before = connections;
      await replace();
      const held = await reserve();
      expect(held.status).toBe(201);
      expect(connections).toBeGreaterThan(before); // the connection really was replaced
      const cancelled = await f.request<{ status: string }>(
        'POST',
        `/api/orders/${held.body.orderId}/cancel`,
        held.buyer.headers,
        {},
      );
      expect(cancelled.status).toBe(200);
      const health = await f.request<{ status: string; dependencies: Record<string, { ok: boolean }> }>(
        'GET',
        '/api/health',
        {},
      );
      expect(health.status).toBe(200);
      expect(health.body.dependencies.commerce?.ok).toBe(true);
    };

    it('keeps selling after a query error drops the connection (a NUL byte reaching the database)', async () => {
      await survives(async () => {
        await expect(f.database.db.show.findMany({ where: { id: 'a\u0000b' } })).rejects.toThrow();
        // PGlite's socket drops the connection on this error; PostgreSQL keeps it, so there it is ended by the pool
        // as Prisma's adapter does after a connection-level error.
        if (pool.totalCount > 0) {
          const client = await pool.connect();
          client.release(new Error('replaced after a query error'));
        }
      });
    });

    it('keeps selling after the connection is killed under the pool', async () => {
      await survives(async () => {
        if (backend === 'PostgreSQL') {
          const admin = new pg.Client({ connectionString: f.database.url });
          await admin.connect();
          await admin.query(
            'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
          );
          await admin.end();
        } else {
          const client = await pool.connect();
          (client as unknown as { connection: { stream: Socket } }).connection.stream.destroy();
          client.release(new Error('socket destroyed'));
        }
        await vi.waitFor(() => expect(pool.totalCount).toBe(0), { timeout: 10_000 });
      });
    });

    it('keeps selling after the pool closes its idle connection', async () => {
      await survives(async () => {
        const idle = pool.options.idleTimeoutMillis;
        pool.options.idleTimeoutMillis = 20;
        await pool.query('SELECT 1'); // released with the short timeout armed
        await vi.waitFor(() => expect(pool.totalCount).toBe(0), { timeout: 10_000 });
        pool.options.idleTimeoutMillis = idle;
      });
    });

    it('reports a failing flash-sale path in /api/health with 503 and logs (not swallows) holds it cannot release', async () => {
      const held = await reserve();
      expect(held.status).toBe(201);
      await f.database.db.reservation.update({
        where: { id: held.body.reservationId },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      const logged: string[] = [];
      f.commerce.ctx.log = (line) => logged.push(line);
      await pool.query('ALTER FUNCTION livecart_flash_sale_batch RENAME TO livecart_flash_sale_batch_away');
      try {
        expect((await reserve()).status).toBe(500);
        const health = await f.request<{ status: string; dependencies: Record<string, { ok: boolean }> }>(
          'GET',
          '/api/health',
          {},
        );
        expect(health.status).toBe(503);
        // a stable code, never the database's own text (which names functions, tables and values)
        expect(health.body.dependencies.commerce).toMatchObject({
          ok: false,
          code: 'FLASH_SALE_PATH_FAILING',
          sqlState: '42883',
        });
        expect(JSON.stringify(health.body)).not.toMatch(/livecart_flash_sale_batch|does not exist/);
        expect(await expireDueHolds(f.commerce.ctx)).toBe(0);
        expect(logged.some((line) => line.includes('could not be released'))).toBe(true);
      } finally {
        await pool.query('ALTER FUNCTION livecart_flash_sale_batch_away RENAME TO livecart_flash_sale_batch');
      }
      // Health recovers as soon as the path works again, before any batch has run: a load balancer that took the
      // server out on the 503 sends no buyers, so waiting for a good batch would keep it out for good.
      expect((await f.request('GET', '/api/health', {})).status).toBe(200);
      expect((await f.request('GET', '/api/health', {})).status).toBe(200);
      expect(await expireDueHolds(f.commerce.ctx)).toBe(1);
    });
  });
}

// Behind a transaction pooler a client's statements run on whichever server connection is free, and server
// connections are replaced under the client's feet; a named statement then belongs to a backend the next batch
// may not get (26000 "does not exist") or meets again from another client (42P05).
describe('flash sales behind PgBouncer in transaction mode', () => {
  let f: CommerceFixture;
  let saleId: string;
  const terminateBackends = async () => {
    const admin = new pg.Client({ connectionString: testPostgresUrl });
    await admin.connect();
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [new URL(f.database.url).pathname.slice(1)],
    );
    await admin.end();
  };
  beforeAll(async () => {
    const direct = await createTestDatabase();
    const bouncer = await startPgBouncer(2);
    const db = createDatabase(bouncer.urlFor(new URL(direct.url).pathname.slice(1)), 5);
    const proxied: TestDatabase = {
      url: direct.url,
      db,
      async drop() {
        await db.$disconnect();
        await bouncer.close();
        await direct.drop();
      },
    };
    f = await createCommerceFixture({ database: proxied });
    const started = await f.request<{ saleId: string }>(
      'POST',
      `/api/brands/${f.brandId}/shows/${f.showId}/sales`,
      f.admin,
      {
        showProductId: f.showProductId,
        priceMinor: 2500,
        quantity: 100,
        durationSeconds: 300,
        perBuyerLimit: 1,
      },
    );
    expect(started.status).toBe(201);
    saleId = started.body.saleId;
  });
  afterAll(async () => {
    await f?.close();
  });

  it('keeps selling when the server connections behind the proxy are replaced', async () => {
    const reserve = async () => {
      const [buyer] = await f.buyers(1);
      return f.request<{ orderId: string }>(
        'POST',
        `/api/shows/${f.showId}/sales/${saleId}/reservations`,
        buyer!.headers,
        { quantity: 1 },
      );
    };
    for (let round = 0; round < 3; round++) {
      expect((await reserve()).status).toBe(201);
      await terminateBackends();
      const statuses = await Promise.all(Array.from({ length: 6 }, () => reserve().then((held) => held.status)));
      expect(statuses).toEqual(Array(6).fill(201));
    }
    const health = await f.request<{ dependencies: Record<string, { ok: boolean }> }>('GET', '/api/health', {});
    expect(health.status).toBe(200);
    expect(health.body.dependencies.commerce?.ok).toBe(true);
  });
});

// Every pool stays usable across idle and reconnect: the writer shares Prisma's pool, so Prisma's own queries are
// checked on the same replaced connections.
describe('Prisma on a replaced connection', () => {
  it('answers on PostgreSQL after its backends are terminated', async () => {
    const database = await createTestDatabase();
    try {
      expect(await database.db.user.count()).toBe(0);
      const admin = new pg.Client({ connectionString: testPostgresUrl });
      await admin.connect();
      const dbName = new URL(database.url).pathname.slice(1);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [dbName]);
      await admin.end();
      await vi.waitFor(() => expect(sqlPool(database.db).totalCount).toBe(0), { timeout: 10_000 });
      expect(await database.db.user.count()).toBe(0);
    } finally {
      await database.drop();
    }
  });
});
