// npm run bench:appointments — booking through the platform's real HTTP routes on PostgreSQL:
//   burst: C customers (default 1,000), each on her own keep-alive connection, have each loaded one boutique's
//          slots page (of 4 boutiques, 40 slots in all) moments before, over that connection, outside the
//          measurement; then all tap at once on a time picked at random from the page they loaded (hold, then
//          confirm). Those refused reload that boutique's page and try once more if it still offers a time.
//          booked must equal slots and double_booked 0.
//   mixed: then 100 customers (the burst's winners among them) book and cancel for D seconds (default 10), each at
//          a person's pace (a fraction of a second between taps), on their own connections.
// double_booked is counted in SQL from the rows (overlapping held/booked appointments of one advisor, or more
// people in a slot than its seats), independently of the constraints that should prevent it.
// book_ms: one booking attempt as she waits for it: the hold, and the confirm when the hold succeeded.
// Until session 8 the burst opened every customer's first connection with her hold (no page had been loaded on it):
// 1,000 TCP handshakes and first requests at once, which a customer who has just loaded the page does not wait for.
// The page load also puts her session in the server's session cache, as the real page load does on a one-node
// deployment (with several nodes behind a balancer, her hold may reach a node that has to look her session up:
// the session cache batches those lookups into a few queries).
// The details line adds the server's CPU time per phase (less distorted by a shared machine than wall time) and
// the machine's floor, after the phases, as many requests at once on the same warm connections: `no_route` (a path
// no route serves: every request hook, no route work) and `signed_in` (a POST with session and CSRF token to a
// route that only answers who she is, registered by bench-server.ts), and `no_route_fresh` (the former floor: a
// fresh connection per request).
// Env: BENCH_CUSTOMERS, BENCH_SECONDS, BENCH_MIXED (customers in the mixed phase), BENCH_PROFILE=<dir> (a CPU
// profile of the server per phase).
import os from 'node:os';
import pg from 'pg';
import { createClient } from '../flash-sale/http-client';
import { startBenchServer } from './start-bench-server';

const customers = Number(process.env.BENCH_CUSTOMERS ?? 1000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const mixedCustomers = Number(process.env.BENCH_MIXED ?? 100);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (value: number) => Math.round(value * 10) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const server = await startBenchServer(customers);
const { seed } = server;
// One connection per customer, as each has her own browser.
const clients = Array.from({ length: customers }, () => createClient(server.baseUrl, 1));
const headers = (i: number) => ({
  cookie: `lc_session=${seed.tokens[i]}; lc_csrf=${seed.csrf}`,
  'x-csrf-token': seed.csrf,
});
const base = `/api/brands/${seed.brandId}/booking`;

type Slot = { boutiqueId: string; startsAt: string };
/** Requests sent so far (the burst's server CPU per request is its CPU time over its requests). */
let sent = 0;
async function freeSlots(as: number, boutiqueIds = seed.boutiqueIds): Promise<Slot[]> {
  const pages = await Promise.all(
    boutiqueIds.map((boutiqueId) => {
      sent += 1;
      return clients[as]!.request(
        'GET',
        `${base}/boutiques/${boutiqueId}/slots?typeId=${seed.typeId}&days=4`,
        headers(as),
      );
    }),
  );
  return pages.flatMap((page, i) =>
    ((page.body.items as { startsAt: string }[] | undefined) ?? []).map((slot) => ({
      boutiqueId: boutiqueIds[i]!,
      startsAt: slot.startsAt,
    })),
  );
}

const statuses: Record<string, number> = {};
const count = (key: string) => (statuses[key] = (statuses[key] ?? 0) + 1);

/** One attempt: hold, then confirm. The appointment id when booked. */
async function book(i: number, slot: Slot, latencies: number[]): Promise<string | null> {
  const started = performance.now();
  const client = clients[i]!;
  sent += 1;
  const held = await client.request('POST', `${base}/holds`, headers(i), {
    boutiqueId: slot.boutiqueId,
    typeId: seed.typeId,
    startsAt: slot.startsAt,
  });
  if (held.status !== 201) {
    latencies.push(performance.now() - started);
    count(`hold ${held.status} ${String((held.body.error as { code?: string } | undefined)?.code ?? '')}`);
    return null;
  }
  sent += 1;
  const confirmed = await client.request(
    'POST',
    `/api/me/appointments/${String(held.body.id)}/confirm`,
    headers(i),
    {},
  );
  latencies.push(performance.now() - started);
  if (confirmed.status !== 200) {
    count(`confirm ${confirmed.status}`);
    return null;
  }
  return String(held.body.id);
}

const slots = await freeSlots(0);
if (slots.length !== 40) throw new Error(`expected 40 slots, the boutiques offer ${slots.length}`);
// Warm-up outside the measurement: one listing per boutique already ran; one refused hold warms the hold path.
await clients[0]!.request('POST', `${base}/holds`, headers(0), {
  boutiqueId: seed.boutiqueIds[0],
  typeId: seed.typeId,
  startsAt: '2000-01-01T00:00:00.000Z',
});

const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
// Each customer has loaded one boutique's page on her connection moments before the tap (not measured).
const loaded = await Promise.all(Array.from({ length: customers }, (_, i) => freeSlots(i, [pick(seed.boutiqueIds)])));
if (loaded.some((page) => page.length !== 10)) throw new Error('a boutique page did not offer its 10 slots');
const burstLatencies: number[] = [];
const owner = new Map<number, string>();
let burstSeconds = 0;
const sentBefore = sent;
// The customers' side runs on the same machine: its CPU time is said beside the server's.
const clientCpuBefore = process.cpuUsage();
const burstCpuMs = await server.phase('burst', async () => {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: customers }, async (_, i) => {
      const first = pick(loaded[i]!);
      let id = await book(i, first, burstLatencies);
      if (!id) {
        // She reloads her boutique's page and tries a time still offered there.
        const left = await freeSlots(i, [first.boutiqueId]);
        if (left.length) id = await book(i, pick(left), burstLatencies);
      }
      if (id) owner.set(i, id);
    }),
  );
  burstSeconds = (performance.now() - started) / 1000;
});
const burstRequests = sent - sentBefore;
const clientCpu = process.cpuUsage(clientCpuBefore);
const burstClientCpuMs = Math.round((clientCpu.user + clientCpu.system) / 1000);

const sql = new pg.Client({ connectionString: seed.databaseUrl });
await sql.connect();
const bookedRows = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM "Appointment" WHERE "status" = 'BOOKED'`);
const booked = Number(bookedRows.rows[0]!.n);
const doubleBookedSql = `
  SELECT (
    SELECT count(*) FROM "Appointment" a JOIN "Appointment" b ON a."advisorId" = b."advisorId" AND a."id" < b."id"
      AND a."startsAt" < b."endsAt" AND b."startsAt" < a."endsAt" AND NOT (a."startsAt" = b."startsAt" AND a."typeId" = b."typeId")
    WHERE a."status" IN ('HELD', 'BOOKED') AND b."status" IN ('HELD', 'BOOKED')
  ) + (
    SELECT count(*) FROM (SELECT a."slotId" FROM "Appointment" a JOIN "AppointmentSlot" s ON s."id" = a."slotId"
      WHERE a."status" IN ('HELD', 'BOOKED') GROUP BY a."slotId", s."capacity" HAVING count(*) > s."capacity") over
  ) AS n`;
const afterBurst = Number((await sql.query<{ n: string }>(doubleBookedSql)).rows[0]!.n);

// Mixed: the winners and others, each at a person's pace, for `seconds`.
const winners = [...owner.keys()];
const others = Array.from({ length: customers }, (_, i) => i).filter((i) => !owner.has(i));
const crowd = [...winners, ...others.slice(0, Math.max(0, mixedCustomers - winners.length))].slice(0, mixedCustomers);
const mixedLatencies: number[] = [];
const cancelLatencies: number[] = [];
let mixedBooked = 0;
let mixedCancelled = 0;
const until = performance.now() + seconds * 1000;
const mixedCpuMs = await server.phase('mixed', async () => {
  await Promise.all(
    crowd.map(async (i) => {
      await sleep(Math.random() * 500);
      while (performance.now() < until) {
        const mine = owner.get(i);
        if (mine) {
          const started = performance.now();
          const cancelled = await clients[i]!.request('POST', `/api/me/appointments/${mine}/cancel`, headers(i), {});
          cancelLatencies.push(performance.now() - started);
          if (cancelled.status === 200) mixedCancelled++;
          else count(`cancel ${cancelled.status}`);
          owner.delete(i);
        } else {
          const id = await book(i, pick(slots), mixedLatencies);
          if (id) {
            owner.set(i, id);
            mixedBooked++;
          }
        }
        await sleep(300 + Math.random() * 500);
      }
    }),
  );
});
const afterMixed = Number((await sql.query<{ n: string }>(doubleBookedSql)).rows[0]!.n);
const stillBooked = Number(
  (await sql.query<{ n: string }>(`SELECT count(*) AS n FROM "Appointment" WHERE "status" = 'BOOKED'`)).rows[0]!.n,
);
await sql.end();

// The machine's floor, after the measured phases (so it warms nothing for them): as many requests at once, on the
// customers' warm connections (each sends one request first, not measured, so an idle connection the server has
// closed is open again): a path no route serves, then a signed-in POST that does nothing but answer who she is.
// Then the former floor, a fresh connection per request. On a shared machine this says what any request waited for
// at that moment.
await Promise.all(clients.map((c) => c.request('GET', '/bench-floor', {})));
const floor = async (name: string, send: (i: number) => Promise<unknown>) => {
  const latencies: number[] = [];
  const cpuMs = await server.phase(name, async () => {
    await Promise.all(
      Array.from({ length: customers }, async (_, i) => {
        const started = performance.now();
        await send(i);
        latencies.push(performance.now() - started);
      }),
    );
  });
  latencies.sort((a, b) => a - b);
  return {
    p50_ms: round(percentile(latencies, 50)),
    p99_ms: round(percentile(latencies, 99)),
    server_cpu_ms: cpuMs,
    cpu_ms_per_request: Math.round((cpuMs / customers) * 1000) / 1000,
  };
};
const noRoute = await floor('floor-no-route', (i) => clients[i]!.request('GET', '/bench-floor', {}));
const signedIn = await floor('floor-signed-in', async (i) => {
  const reply = await clients[i]!.request('POST', '/api/bench/whoami', headers(i), {});
  if (reply.status !== 200) throw new Error(`whoami answered ${reply.status}`);
});
for (const c of clients) c.close();
const floorClient = createClient(server.baseUrl, customers);
const noRouteFresh = await floor('floor-no-route-fresh', () => floorClient.request('GET', '/bench-floor', {}));
floorClient.close();
await server.stop();

const all = [...burstLatencies, ...mixedLatencies].sort((a, b) => a - b);
const burstSorted = burstLatencies.sort((a, b) => a - b);
const mixedSorted = mixedLatencies.sort((a, b) => a - b);
const load = os.loadavg().map((value) => Math.round(value * 100) / 100);
console.log(
  JSON.stringify({
    phase: 'details',
    burst: {
      attempts: burstSorted.length,
      requests: burstRequests,
      seconds: round(burstSeconds),
      server_cpu_ms: burstCpuMs,
      cpu_ms_per_request: Math.round((burstCpuMs / burstRequests) * 1000) / 1000,
      client_cpu_ms: burstClientCpuMs,
      p50_ms: round(percentile(burstSorted, 50)),
      p99_ms: round(percentile(burstSorted, 99)),
    },
    mixed: {
      customers: crowd.length,
      seconds,
      server_cpu_ms: mixedCpuMs,
      attempts: mixedSorted.length,
      booked: mixedBooked,
      cancelled: mixedCancelled,
      book_p50_ms: round(percentile(mixedSorted, 50)),
      book_p99_ms: round(percentile(mixedSorted, 99)),
      cancel_p99_ms: round(
        percentile(
          cancelLatencies.sort((a, b) => a - b),
          99,
        ),
      ),
      booked_at_end: stillBooked,
      owned_at_end: owner.size,
    },
    http_floor: { no_route: noRoute, signed_in: signedIn, no_route_fresh: noRouteFresh },
    refusals: statuses,
    double_booked_after_burst: afterBurst,
    double_booked_after_mixed: afterMixed,
    loadavg: load,
    cpus: os.cpus().length,
  }),
);
const result = {
  customers,
  slots: slots.length,
  booked,
  double_booked: afterBurst + afterMixed,
  book_p99_ms: round(percentile(all, 99)),
};
console.log(JSON.stringify(result));
if (booked !== slots.length || result.double_booked !== 0) process.exitCode = 1;
