// npm run bench:appointments — booking through the platform's real HTTP routes on PostgreSQL:
//   burst: C customers (default 1,000) all try at once to book one of the 40 slots of 4 boutiques (hold, then
//          confirm), picking a slot at random from the page they loaded; those refused reload that boutique's
//          page and try once more if it still offers a time. booked must equal slots and double_booked 0.
//   mixed: then 100 customers (the burst's winners among them) book and cancel for D seconds (default 10), each at
//          a person's pace (a fraction of a second between taps).
// double_booked is counted in SQL from the rows (overlapping held/booked appointments of one advisor, or more
// people in a slot than its seats), independently of the constraints that should prevent it.
// book_ms: one booking attempt as she waits for it: the hold, and the confirm when the hold succeeded.
// The details line adds the server's CPU time per phase (less distorted by a shared machine than wall time) and
// http_floor: as many requests at once to a path no route serves, after the phases (the machine's floor).
// Env: BENCH_CUSTOMERS, BENCH_SECONDS, BENCH_MIXED (customers in the mixed phase), BENCH_PROFILE=<dir> (a CPU
// profile of the server per phase).
import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createClient } from '../flash-sale/http-client';

const customers = Number(process.env.BENCH_CUSTOMERS ?? 1000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const mixedCustomers = Number(process.env.BENCH_MIXED ?? 100);

interface Seed {
  tokens: string[];
  csrf: string;
  brandId: string;
  boutiqueIds: string[];
  typeId: string;
  databaseUrl: string;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (value: number) => Math.round(value * 10) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startServer() {
  const child = fork(path.join(import.meta.dirname, 'bench-server.ts'), [], {
    env: { ...process.env, BENCH_CUSTOMERS: String(customers), NODE_ENV: 'production' },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ baseUrl: string; seedFile: string }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('bench server did not start in 180 s')), 180_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((candidate) => candidate.startsWith('{"ready"'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line));
      }
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const seed = JSON.parse(await readFile(ready.seedFile, 'utf8')) as Seed;
  // BENCH_PROFILE=<dir>: the server writes a CPU profile of each phase there; the server's CPU time per phase is
  // reported either way (it is what the load average on a shared machine does not distort much).
  let asked = 0;
  const probe = (request: { probe: 'cpu' | 'profile-start' | 'profile-stop'; phase?: string }) =>
    new Promise<{ cpu?: NodeJS.CpuUsage; file?: string }>((resolve) => {
      const id = ++asked;
      const onMessage = (message: { id: number; cpu?: NodeJS.CpuUsage; file?: string }) => {
        if (message.id !== id) return;
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
      child.send({ id, ...request });
    });
  const phase = async (name: string, run: () => Promise<void>) => {
    await probe({ probe: 'profile-start' });
    const before = (await probe({ probe: 'cpu' })).cpu!;
    await run();
    const after = (await probe({ probe: 'cpu' })).cpu!;
    await probe({ probe: 'profile-stop', phase: name });
    return Math.round((after.user - before.user + after.system - before.system) / 1000);
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
  return { ...ready, seed, stop, phase };
}

const server = await startServer();
const { seed } = server;
const client = createClient(server.baseUrl, customers);
const headers = (i: number) => ({
  cookie: `lc_session=${seed.tokens[i]}; lc_csrf=${seed.csrf}`,
  'x-csrf-token': seed.csrf,
});
const base = `/api/brands/${seed.brandId}/booking`;

type Slot = { boutiqueId: string; startsAt: string };
async function freeSlots(as: number, boutiqueIds = seed.boutiqueIds): Promise<Slot[]> {
  const pages = await Promise.all(
    boutiqueIds.map((boutiqueId) =>
      client.request('GET', `${base}/boutiques/${boutiqueId}/slots?typeId=${seed.typeId}&days=4`, headers(as)),
    ),
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
await client.request('POST', `${base}/holds`, headers(0), {
  boutiqueId: seed.boutiqueIds[0],
  typeId: seed.typeId,
  startsAt: '2000-01-01T00:00:00.000Z',
});

const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
const burstLatencies: number[] = [];
const owner = new Map<number, string>();
let burstSeconds = 0;
const burstCpuMs = await server.phase('burst', async () => {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: customers }, async (_, i) => {
      const first = pick(slots);
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
          const cancelled = await client.request('POST', `/api/me/appointments/${mine}/cancel`, headers(i), {});
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
client.close();

// The machine's floor, after the measured phases (so it warms nothing for them): as many requests at once, on fresh
// connections, to a path no route serves (every request hook, no route work). On a shared machine this says what
// any request waited for at that moment.
const floorClient = createClient(server.baseUrl, customers);
const floorLatencies: number[] = [];
const floorCpuMs = await server.phase('floor', async () => {
  await Promise.all(
    Array.from({ length: customers }, async () => {
      const started = performance.now();
      await floorClient.request('GET', '/bench-floor', {});
      floorLatencies.push(performance.now() - started);
    }),
  );
});
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
      seconds: round(burstSeconds),
      server_cpu_ms: burstCpuMs,
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
    http_floor: {
      p99_ms: round(
        percentile(
          floorLatencies.sort((a, b) => a - b),
          99,
        ),
      ),
      server_cpu_ms: floorCpuMs,
    },
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
