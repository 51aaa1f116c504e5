// npm run bench:flash-sale — flash-sale reservations through the platform's real paths, twice: the embedded default
// (PGlite + in-process counter) and production shape (PostgreSQL + Redis counter and Redis realtime adapter). Per run:
//   race:       B buyers (default 10,000) all POST the HTTP reservation route at once for Q units (default 100):
//               sold must equal Q, oversold 0;
//   throughput: 100 concurrent buyers, each on its own show-room socket, reserve (sale:reserve) and release
//               (order:cancel) for D seconds (default 10); then the naive stock engine (a transaction with the sale's
//               row lock per purchase, bench/flash-sale/row-lock-writer.ts) the same way through the same path;
//               reserve_per_s, p50/p99 of reserve, speedup = ours / baseline. CPU shares per process are printed.
// Prints one JSON line per run; the last line is the Redis run. Env: BENCH_BUYERS, BENCH_UNITS, BENCH_SECONDS,
// BENCH_CONCURRENCY, BENCH_STORES (comma list: embedded,redis), BENCH_PROFILE (a directory: the server's CPU profile
// of each throughput phase).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { measureCpuShares } from './cpu-shares';
import { forkBenchServer } from '../bench-server-process';
import { createClient } from './http-client';
import { connectBuyer, timed } from './socket-client';

const buyers = Number(process.env.BENCH_BUYERS ?? 10_000);
const units = Number(process.env.BENCH_UNITS ?? 100);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 100);
const stores = (process.env.BENCH_STORES ?? 'embedded,redis').split(',') as ('embedded' | 'redis')[];

interface Seed {
  adminToken: string;
  buyerTokens: string[];
  csrf: string;
  brandId: string;
  showId: string;
  showProductId: string;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

async function startServer(store: string) {
  const { child, ready, stop } = await forkBenchServer<{ baseUrl: string; seedFile: string; counter: string }>(
    path.join(import.meta.dirname, 'bench-server.ts'),
    {
      ...process.env,
      BENCH_STORE: store,
      BENCH_BUYERS: String(Math.max(buyers, concurrency)),
      NODE_ENV: 'production',
    },
  );
  const seed = JSON.parse(await readFile(ready.seedFile, 'utf8')) as Seed;
  return { ...ready, seed, stop, pid: child.pid! };
}

async function runStore(store: 'embedded' | 'redis') {
  const server = await startServer(store);
  const client = createClient(server.baseUrl, 256);
  const { seed } = server;
  const headers = (token: string) => ({
    cookie: `lc_session=${token}; lc_csrf=${seed.csrf}`,
    'x-csrf-token': seed.csrf,
  });
  const admin = headers(seed.adminToken);
  const startSale = async (quantity: number, perBuyerLimit: number) => {
    await client
      .request('POST', `/api/brands/${seed.brandId}/shows/${seed.showId}/sales`, admin, {
        showProductId: seed.showProductId,
        priceMinor: 2500,
        quantity: 1,
        durationSeconds: 10,
        perBuyerLimit: 1,
      })
      .then(async (r) => {
        // end the probe sale at once (it only warms up the routes and the JIT)
        if (r.status === 201)
          await client.request(
            'POST',
            `/api/brands/${seed.brandId}/shows/${seed.showId}/sales/${String(r.body.saleId)}/end`,
            admin,
            {},
          );
      });
    const started = await client.request('POST', `/api/brands/${seed.brandId}/shows/${seed.showId}/sales`, admin, {
      showProductId: seed.showProductId,
      priceMinor: 2500,
      quantity,
      durationSeconds: 300,
      perBuyerLimit,
    });
    if (started.status !== 201) throw new Error(`could not start a sale: ${JSON.stringify(started.body)}`);
    return String(started.body.saleId);
  };
  const endSale = (saleId: string) =>
    client.request('POST', `/api/brands/${seed.brandId}/shows/${seed.showId}/sales/${saleId}/end`, admin, {});

  try {
    // ---- race ----
    const raceSale = await startSale(units, 1);
    const raceStarted = performance.now();
    const results = await Promise.all(
      seed.buyerTokens.slice(0, buyers).map((token) =>
        client.request('POST', `/api/shows/${seed.showId}/sales/${raceSale}/reservations`, headers(token), {
          quantity: 1,
        }),
      ),
    );
    const raceMs = performance.now() - raceStarted;
    const sold = results.filter((r) => r.status === 201).length;
    const codes: Record<string, number> = {};
    for (const r of results)
      if (r.status !== 201)
        codes[String((r.body.error as { code?: string } | undefined)?.code ?? r.status)] =
          (codes[String((r.body.error as { code?: string } | undefined)?.code ?? r.status)] ?? 0) + 1;
    const unexpected =
      Object.entries(codes)
        .filter(([code]) => code !== 'SOLD_OUT')
        .map(([code, count]) => `${code} x${count}`)
        .join(', ') || 'none';
    const audit = (await client.request('GET', `/api/bench/sales/${raceSale}/audit`, admin)).body as {
      quantity: number;
      remaining: number;
      taken: number;
    };
    const oversold = Math.max(0, sold - units, audit.taken - audit.quantity, -audit.remaining);
    await endSale(raceSale);
    console.error(
      `[${store}] race: ${buyers} buyers, ${units} units -> sold ${sold}, db taken ${audit.taken}, remaining ${audit.remaining}, other errors ${unexpected}, ${Math.round(raceMs)} ms`,
    );

    // ---- throughput over the show room's sockets: ours, then the row-lock baseline, the same way ----
    const sockets = await Promise.all(
      seed.buyerTokens
        .slice(0, concurrency)
        .map((token) => connectBuyer(server.baseUrl, `lc_session=${token}`, seed.showId)),
    );
    const cycle = async (engine: 'ours' | 'row-lock') => {
      await client.request('POST', '/api/bench/stock-engine', admin, { engine });
      const saleId = await startSale(100_000, 1);
      const latencies: number[] = [];
      const failures: Record<string, number> = {};
      const fail = (code: string) => (failures[code] = (failures[code] ?? 0) + 1);
      const deadline = performance.now() + seconds * 1000;
      const started = performance.now();
      await client.request('POST', '/api/bench/profile', admin, { phase: engine, action: 'start' });
      const cpu = await measureCpuShares(server.pid);
      await Promise.all(
        sockets.map(async (socket) => {
          while (performance.now() < deadline) {
            const reserved = await timed(() =>
              socket.timeout(30_000).emitWithAck('sale:reserve', { saleId, quantity: 1 }),
            );
            if (!reserved.result.ok) {
              fail(reserved.result.error.code);
              continue;
            }
            latencies.push(reserved.ms);
            const { orderId } = reserved.result.data as { orderId: string };
            const released = await socket.timeout(30_000).emitWithAck('order:cancel', { orderId });
            if (!released.ok || released.data.status !== 'CANCELED')
              fail(released.ok ? released.data.status : released.error.code);
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      const shares = await cpu();
      await client.request('POST', '/api/bench/profile', admin, { phase: engine, action: 'stop' });
      const audit = (await client.request('GET', `/api/bench/sales/${saleId}/audit`, admin)).body as {
        quantity: number;
        remaining: number;
        taken: number;
      };
      await endSale(saleId);
      latencies.sort((a, b) => a - b);
      const failed = Object.values(failures).reduce((sum, count) => sum + count, 0);
      const stats = {
        reservePerS: latencies.length / elapsed,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        failed,
        consistent: audit.remaining + audit.taken === audit.quantity,
      };
      console.error(
        `[${store}] throughput ${engine}: ${latencies.length} reserves in ${elapsed.toFixed(1)} s = ${stats.reservePerS.toFixed(0)}/s, p50 ${stats.p50.toFixed(1)} ms, p99 ${stats.p99.toFixed(1)} ms, ` +
          `failures ${JSON.stringify(failures)}, stock consistent ${stats.consistent}; CPU % of one core: server ${shares.server}, client ${shares.client}, ` +
          `postgres ${shares.postgres}, redis ${shares.redis}, other ${shares.other} (${shares.otherTop}), interrupts ${shares.kernel}, machine idle ${shares.idle} %`,
      );
      return stats;
    };
    const ours = await cycle('ours');
    const baseline = await cycle('row-lock');
    for (const socket of sockets) socket.close();
    return {
      store,
      counter: server.counter,
      buyers,
      units,
      sold,
      oversold,
      reserve_per_s: Math.round(ours.reservePerS),
      p50_ms: round(ours.p50),
      p99_ms: round(ours.p99),
      speedup_vs_row_lock: round(ours.reservePerS / Math.max(baseline.reservePerS, 0.001), 2),
      row_lock_reserve_per_s: Math.round(baseline.reservePerS),
      row_lock_p99_ms: round(baseline.p99),
    };
  } finally {
    client.close();
    await server.stop();
  }
}

let failed = false;
const lines: string[] = [];
for (const store of stores) {
  const result = await runStore(store);
  if (result.sold !== result.units || result.oversold !== 0) failed = true;
  const {
    store: name,
    counter,
    buyers: b,
    units: u,
    sold,
    oversold,
    reserve_per_s,
    p50_ms,
    p99_ms,
    speedup_vs_row_lock,
    ...extra
  } = result;
  console.error(
    `[${name}] counter ${counter}; row-lock baseline ${extra.row_lock_reserve_per_s}/s (p99 ${extra.row_lock_p99_ms} ms)`,
  );
  lines.push(
    JSON.stringify({
      buyers: b,
      units: u,
      sold,
      oversold,
      reserve_per_s,
      p50_ms,
      p99_ms,
      speedup_vs_row_lock,
      store: name,
    }),
  );
}
// The line format; the embedded run first, the Redis run last.
for (const line of lines) console.log(line);
if (failed) process.exitCode = 1;
