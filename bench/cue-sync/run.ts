// npm run bench:cue-sync — commerce cues on each viewer's playback clock, and the fair flash-sale start, through the
// platform's real paths: one server on 127.0.0.1 (PostgreSQL from TEST_DATABASE_URL, Redis from TEST_REDIS_URL),
// 200 viewers on their own show-room sockets, each with a simulated playhead held at a latency spread evenly from
// 0.5 to 5 s behind live (the program date time on screen = now − latency). Each viewer applies every cue with the
// web's own queue (web/components/show-room/cue-queue.ts); skew = its playhead when applied − the cue's media time.
// The host pins and unpins 20 times while 3 flash sales run (60 units each, 1 per buyer, production fair-start
// window). Each viewer presses Buy a reaction time after the sale start reaches her screen; reaction times are the
// same spread (200–1195 ms) within every latency group, so a fair start gives every group the same share.
// fairness_ratio = units won by the slowest fifth / units won by the fastest fifth. The line before the last gives
// what arrival order would have given the same presses. Env: BENCH_VIEWERS (200), BENCH_UNITS (60).
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import { createCommerceFixture } from '../../server/commerce/testing/commerce-fixture';
import type { AckResult } from '../../server/realtime/contract';
import { createCueQueue, type CueQueue } from '../../web/components/show-room/cue-queue';

const viewerCount = Number(process.env.BENCH_VIEWERS ?? 200);
const units = Number(process.env.BENCH_UNITS ?? 60);
const pins = 20;
const saleCount = 3;
const deadline = setTimeout(() => {
  console.error('bench:cue-sync: gave up after 240 s');
  process.exit(2);
}, 240_000);
deadline.unref();

interface Viewer {
  index: number;
  lagMs: number;
  socket: Socket;
  queue: CueQueue;
  clock: () => number;
  won: number;
}

const f = await createCommerceFixture({ redis: true, fairStart: {} });
f.commerce.ctx.log = () => {};
await f.app.http.listen({ port: 0, host: '127.0.0.1' });
const baseUrl = `http://127.0.0.1:${(f.app.http.server.address() as AddressInfo).port}`;
const db = f.database.db;

// Products to pin and to sell: one per sale plus three for pins.
const showProducts: string[] = [f.showProductId];
for (let i = 1; i < saleCount + 3; i++) {
  const product = await db.product.create({
    data: { brandId: f.brandId, title: `Item ${i}`, priceMinor: 4000 + i, stock: 100 },
  });
  showProducts.push(
    (await db.showProduct.create({ data: { showId: f.showId, productId: product.id, position: i } })).id,
  );
}

const skews: number[] = [];
const presses: Array<{ viewer: Viewer; sale: number; sentAt: number; ok: boolean }> = [];

const connect = async (cookie: string) => {
  const socket = io(baseUrl, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const joined = (await socket.emitWithAck('show:join', { showId: f.showId })) as AckResult<unknown>;
  if (!joined.ok) throw new Error(joined.error.message);
  return socket;
};

/** Every room event, batched or not, with its media time. */
const onTimed = (socket: Socket, handle: (event: string, payload: Record<string, unknown>) => void) => {
  for (const event of ['pin:changed', 'sale:started', 'sale:ended', 'sale:stock-changed'])
    socket.on(event, (payload: Record<string, unknown>) => handle(event, payload));
  socket.on('room:batch', (batch: { events: [string, Record<string, unknown>][] }) => {
    for (const [event, payload] of batch.events) handle(event, payload);
  });
};

const buyers = await f.buyers(viewerCount);
const viewers: Viewer[] = [];
for (let start = 0; start < viewerCount; start += 25) {
  const batch = buyers.slice(start, start + 25);
  viewers.push(
    ...(await Promise.all(
      batch.map(async (buyer, offset) => {
        const index = start + offset;
        const lagMs = 500 + (4_500 * index) / Math.max(1, viewerCount - 1);
        const clock = () => Date.now() - lagMs;
        const socket = await connect(buyer.headers.cookie as string);
        const viewer: Viewer = { index, lagMs, socket, queue: createCueQueue({ clock }), clock, won: 0 };
        return viewer;
      }),
    )),
  );
}

// Reaction times: a permutation of 200..1195 ms, rotated per sale, the same spread in every latency fifth.
const reactionMs = (viewer: Viewer, sale: number) =>
  200 + (((viewer.index * 37 + sale * 61) % viewerCount) * 1_000) / viewerCount;

for (const viewer of viewers) {
  // Playback reports every 2 s, as the viewer page sends them.
  const report = () =>
    viewer.socket.connected &&
    viewer.socket.emit('playback:report', { playingAt: new Date(viewer.clock()).toISOString() });
  report();
  setInterval(report, 2_000).unref();
  onTimed(viewer.socket, (event, payload) => {
    if (typeof payload.mediaTime !== 'string') return;
    const mediaTime = Date.parse(payload.mediaTime);
    viewer.queue.push(mediaTime, () => {
      skews.push(viewer.clock() - mediaTime);
      if (event !== 'sale:started') return;
      const saleId = String(payload.saleId);
      const sale = Number(String(payload.title).replace(/\D/g, '') || 0);
      setTimeout(
        async () => {
          const sentAt = Date.now();
          const answer = (await viewer.socket
            .timeout(30_000)
            .emitWithAck('sale:reserve', { saleId, quantity: 1, playingAt: new Date(viewer.clock()).toISOString() })
            .catch(() => ({ ok: false }))) as AckResult<unknown>;
          presses.push({ viewer, sale, sentAt, ok: answer.ok });
          if (answer.ok) viewer.won++;
        },
        reactionMs(viewer, sale),
      );
    });
  });
}
await sleep(3_000);

const host = await connect(f.admin.cookie as string);
const pinning = (async () => {
  for (let i = 0; i < pins; i++) {
    const showProductId = showProducts[saleCount + (i % 3)] as string;
    await host.emitWithAck('pin:add', { showProductId });
    await sleep(600);
    await host.emitWithAck('pin:remove', { showProductId });
    await sleep(600);
  }
})();
const saleIds: string[] = [];
for (let sale = 0; sale < saleCount; sale++) {
  await db.product.update({
    where: { id: (await db.showProduct.findUniqueOrThrow({ where: { id: showProducts[sale] as string } })).productId },
    data: { title: `Sale ${sale}` },
  });
  const started = await f.request<{ saleId: string }>(
    'POST',
    `/api/brands/${f.brandId}/shows/${f.showId}/sales`,
    f.admin,
    {
      showProductId: showProducts[sale],
      priceMinor: 1000,
      quantity: units,
      durationSeconds: 120,
      perBuyerLimit: 1,
    },
  );
  if (started.status !== 201) throw new Error(`sale did not start: ${JSON.stringify(started.body)}`);
  saleIds.push(started.body.saleId);
  // The fair window (5 s + 6 s) plus the slowest viewer's reaction and answer.
  await sleep(14_000);
  await f.request('POST', `/api/brands/${f.brandId}/shows/${f.showId}/sales/${started.body.saleId}/end`, f.admin, {});
}
await pinning;
await sleep(6_000); // the slowest viewers reach the last cues

let oversold = 0;
for (const saleId of saleIds) {
  const sale = await db.flashSale.findUniqueOrThrow({ where: { id: saleId } });
  const taken = await db.reservation.aggregate({
    where: { flashSaleId: saleId, status: { in: ['HELD', 'CONVERTED'] } },
    _sum: { quantity: true },
  });
  oversold += Math.max(0, (taken._sum.quantity ?? 0) - sale.quantity) + Math.max(0, -sale.remaining);
}

const fifth = Math.floor(viewerCount / 5);
const byLag = [...viewers].sort((a, b) => a.lagMs - b.lagMs);
const fastest = new Set(byLag.slice(0, fifth));
const slowest = new Set(byLag.slice(-fifth));
const share = (won: (viewer: Viewer) => number, group: Set<Viewer>) => [...group].reduce((n, v) => n + won(v), 0);
const ratio = (slow: number, fast: number) => (fast === 0 ? (slow === 0 ? 1 : 99) : slow / fast);

// What arrival order would have given: per sale, the first `units` presses by the time they reached the server.
const arrivalWins = new Map<Viewer, number>();
for (let sale = 0; sale < saleCount; sale++)
  for (const press of presses
    .filter((p) => p.sale === sale)
    .sort((a, b) => a.sentAt - b.sentAt)
    .slice(0, units))
    arrivalWins.set(press.viewer, (arrivalWins.get(press.viewer) ?? 0) + 1);

const sorted = skews.map(Math.abs).sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const cues = await db.showCue.count({ where: { showId: f.showId } });
const wonTotal = viewers.reduce((n, v) => n + v.won, 0);
console.log(
  JSON.stringify({
    applied: skews.length,
    cue_skew_p50_ms: Math.round(pct(50)),
    cue_skew_max_ms: Math.round(sorted.at(-1) ?? 0),
    units_won: wonTotal,
    slowest_fifth_won: share((v) => v.won, slowest),
    fastest_fifth_won: share((v) => v.won, fastest),
    fairness_ratio_arrival_order: Number(
      ratio(
        share((v) => arrivalWins.get(v) ?? 0, slowest),
        share((v) => arrivalWins.get(v) ?? 0, fastest),
      ).toFixed(2),
    ),
  }),
);
console.log(
  JSON.stringify({
    viewers: viewerCount,
    cues,
    cue_skew_p99_ms: Math.round(pct(99)),
    fairness_ratio: Number(
      ratio(
        share((v) => v.won, slowest),
        share((v) => v.won, fastest),
      ).toFixed(2),
    ),
    oversold,
  }),
);
for (const viewer of viewers) {
  viewer.queue.close();
  viewer.socket.close();
}
host.close();
await f.close();
process.exit(0);
