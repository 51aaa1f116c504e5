// npm run bench:appointments:cost — the server's CPU time per request of each kind the booking burst sends, on warm
// keep-alive connections, 100 in flight: no route, a signed-in POST that only answers who she is, a boutique's slots
// page, and a hold refused because the time is taken. CPU time, not wall time, so that two versions measured back
// to back on a shared machine compare (the minimum of 3 rounds of BENCH_REQUESTS, default 3,000, per kind).
// Uses bench-server.ts (2,000 customers, so no one reaches the per-user rate limit).
import { createClient } from '../flash-sale/http-client';
import { startBenchServer } from './start-bench-server';

const requests = Number(process.env.BENCH_REQUESTS ?? 3000);
const customers = 2000;
const inFlight = 100;

const server = await startBenchServer(customers);
const { seed } = server;
const serverCpuUs = async () => {
  const { cpu } = await server.probe({ probe: 'cpu' });
  return cpu!.user + cpu!.system;
};

const clients = Array.from({ length: inFlight }, () => createClient(server.baseUrl, 1));
const as = (i: number) => i % (customers - 1);
const headers = (i: number) => ({
  cookie: `lc_session=${seed.tokens[as(i)]}; lc_csrf=${seed.csrf}`,
  'x-csrf-token': seed.csrf,
});
const base = `/api/brands/${seed.brandId}/booking`;
const slotsPage = (i: number) =>
  clients[i % inFlight]!.request(
    'GET',
    `${base}/boutiques/${seed.boutiqueIds[0]}/slots?typeId=${seed.typeId}&days=4`,
    headers(i),
  );
const first = await slotsPage(0);
const taken = {
  boutiqueId: seed.boutiqueIds[0],
  typeId: seed.typeId,
  startsAt: (first.body.items as { startsAt: string }[])[0]!.startsAt,
};
// The last customer takes the time; everyone else is refused it.
const held = await clients[0]!.request('POST', `${base}/holds`, headers(customers - 1), taken);
if (held.status !== 201) throw new Error(`the first hold answered ${held.status}`);

const expect = (status: number) => (reply: { status: number }) => {
  if (reply.status !== status) throw new Error(`expected ${status}, got ${reply.status}`);
};
const kinds: Record<string, (i: number) => Promise<unknown>> = {
  no_route: (i) => clients[i % inFlight]!.request('GET', '/bench-floor', {}).then(expect(404)),
  signed_in: (i) => clients[i % inFlight]!.request('POST', '/api/bench/whoami', headers(i), {}).then(expect(200)),
  slots_page: (i) => slotsPage(i).then(expect(200)),
  refused_hold: (i) => clients[i % inFlight]!.request('POST', `${base}/holds`, headers(i), taken).then(expect(409)),
};
const rounds: Record<string, number[]> = {};
for (let round = 0; round < 3; round += 1)
  for (const [name, send] of Object.entries(kinds)) {
    await Promise.all(Array.from({ length: inFlight * 2 }, (_, i) => send(i)));
    const before = await serverCpuUs();
    for (let start = 0; start < requests; start += inFlight)
      await Promise.all(Array.from({ length: inFlight }, (_, i) => send(start + i)));
    const spentUs = (await serverCpuUs()) - before;
    rounds[name] = [...(rounds[name] ?? []), spentUs / requests / 1000];
  }
for (const client of clients) client.close();
await server.stop();
const round3 = (value: number) => Math.round(value * 1000) / 1000;
console.log(
  JSON.stringify({
    server_cpu_ms_per_request: Object.fromEntries(
      Object.entries(rounds).map(([name, v]) => [name, round3(Math.min(...v))]),
    ),
    rounds: Object.fromEntries(Object.entries(rounds).map(([name, v]) => [name, v.map(round3)])),
    loadavg: (await import('node:os')).loadavg().map((value) => Math.round(value * 100) / 100),
  }),
);
