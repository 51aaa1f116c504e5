// The embedded default: PGlite served over the wire protocol, migrated and seeded, used through the same
// Prisma adapter and routes as production; data survives a restart. PGlite runs in a worker thread, so the
// event loop keeps turning while it executes SQL.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TestClient } from '../../infra/test-support/test-application';
import { createApplication } from '../app';
import { openDatabase } from '../boot/open-database';
import { startEmbeddedPostgres } from './embedded-postgres';
import { demoAccounts, demoPassword, seedDemo } from '../seed/demo-seed';
import { createDiskFileStorage } from '../storage/disk-file-storage';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'livecart-embedded-'));
});
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

async function boot() {
  const database = await openDatabase(null, dataDir);
  const storage = createDiskFileStorage(path.join(dataDir, 'uploads'));
  const seed = await seedDemo(database.db, storage);
  const app = await createApplication({
    config: { mode: 'embedded', publicBaseUrl: null, port: 3000 },
    db: database.db,
    storage,
    sessionSecret: 'embedded-test-secret-long-enough-0000000',
  });
  return { database, seed, app, client: new TestClient(app) };
}

describe('embedded PostgreSQL (PGlite)', () => {
  it('migrates, seeds once, serves the API, and keeps data across a restart', async () => {
    const first = await boot();
    expect(first.database.embedded).toBe(true);
    expect(first.database.applied.length).toBeGreaterThan(0);
    expect(first.seed.seeded).toBe(true);

    const signIn = await first.client.post('/api/auth/sign-in', { email: demoAccounts.admin, password: demoPassword });
    expect(signIn.statusCode).toBe(200);
    const brandId = (await first.client.get('/api/me')).json().memberships[0].brandId;
    const created = await first.client.post(`/api/brands/${brandId}/products`, {
      title: 'Embedded Scarf',
      priceMinor: 1500,
      stock: 3,
    });
    expect(created.statusCode).toBe(201);
    const health = await first.client.get('/api/health');
    expect(health.json()).toMatchObject({ status: 'ok', mode: 'embedded', dependencies: { database: { ok: true } } });
    await first.app.close();
    await first.database.close();

    const second = await boot();
    expect(second.database.applied).toEqual([]);
    expect(second.seed.seeded).toBe(false);
    const product = await second.database.db.product.findFirst({ where: { title: 'Embedded Scarf' } });
    expect(product?.stock).toBe(3);
    await second.app.close();
    await second.database.close();
  });
});

describe('embedded PostgreSQL in its worker thread', () => {
  it('executes SQL beside the event loop: a timer keeps firing on time during a long query', async () => {
    const embedded = await startEmbeddedPostgres(path.join(dataDir, 'event-loop'));
    const client = new pg.Client({ connectionString: embedded.url });
    await client.connect();
    try {
      const tick = 5;
      let maxLag = 0;
      let last = performance.now();
      const timer = setInterval(() => {
        const now = performance.now();
        maxLag = Math.max(maxLag, now - last - tick);
        last = now;
      }, tick);
      const started = performance.now();
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM generate_series(1, 3e6)');
      const queryMs = performance.now() - started;
      clearInterval(timer);
      expect(rows[0]?.n).toBe(3_000_000);
      // PGlite executes a query in one synchronous call: on the main thread the timer would wait the whole query.
      expect(queryMs).toBeGreaterThan(300);
      expect(maxLag).toBeLessThan(queryMs / 4);
    } finally {
      await client.end();
      await Promise.all([embedded.close(), embedded.close()]);
    }
    await embedded.close();
  });

  // PGlite has one session for every connection (issue 11: a named statement of a replaced connection failed the
  // new one's with 42P05). A connection that arrives alone starts from a reset session.
  it('resets its one session for a connection that arrives alone: no statement or setting of a closed one is left', async () => {
    const embedded = await startEmbeddedPostgres(path.join(dataDir, 'session'));
    try {
      const first = new pg.Client({ connectionString: embedded.url });
      await first.connect();
      await first.query('PREPARE leftover AS SELECT 1');
      await first.query({ name: 'leftover-protocol', text: 'SELECT 2' });
      await first.query("SET livecart.probe = 'old'");
      await first.end();
      // The server learns of the close a moment later; a connection that arrives before then shares the session
      // (and must not be reset under anyone), so connect again until one arrives alone.
      await vi.waitFor(
        async () => {
          const next = new pg.Client({ connectionString: embedded.url });
          await next.connect();
          try {
            const { rows } = await next.query<{ statements: number; probe: string | null }>(
              "SELECT (SELECT count(*)::int FROM pg_prepared_statements) AS statements, current_setting('livecart.probe', true) AS probe",
            );
            expect(rows[0]).toEqual({ statements: 0, probe: expect.not.stringMatching('old') });
            await next.query({ name: 'leftover-protocol', text: 'SELECT 2' }); // the name is free again
          } finally {
            await next.end();
          }
        },
        { timeout: 10_000, interval: 50 },
      );
    } finally {
      await embedded.close();
    }
  });

  it('rejects with the reason when the database cannot start', async () => {
    const notADirectory = path.join(dataDir, 'a-file');
    await writeFile(notADirectory, 'x');
    await expect(startEmbeddedPostgres(path.join(notADirectory, 'pglite'))).rejects.toThrow(
      /embedded PostgreSQL .* could not start: ENOTDIR/,
    );
  });
});
