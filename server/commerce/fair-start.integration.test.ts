// The flash sale's fair start against a real server, PostgreSQL and Redis: presses in the first window are
// allocated by how long after the sale started in each buyer's video she pressed, never oversold, limits kept.
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AckResult } from '../realtime/contract';
import { createCommerceFixture, type CommerceFixture } from './testing/commerce-fixture';

const fairStart = { windowMs: 1_000, minLagMs: 300, maxLagMs: 3_000, slackMs: 500 };

describe('fair flash-sale start', () => {
  let f: CommerceFixture;
  let baseUrl: string;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    f = await createCommerceFixture({ redis: true, fairStart });
    await f.app.http.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(f.app.http.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await f?.close();
  });

  /** A signed-in viewer watching `lagMs` behind live, who has told the server so while watching. */
  const viewer = async (cookie: string, lagMs: number) => {
    const socket = io(baseUrl, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    expect(((await socket.emitWithAck('show:join', { showId: f.showId })) as AckResult<unknown>).ok).toBe(true);
    for (let i = 0; i < 2; i++)
      await socket.emitWithAck('playback:report', { playingAt: new Date(Date.now() - lagMs).toISOString() });
    return socket;
  };
  const startSale = async (quantity: number, perBuyerLimit = 1, durationSeconds = 60) => {
    const started = await f.request<{ saleId: string }>(
      'POST',
      `/api/brands/${f.brandId}/shows/${f.showId}/sales`,
      f.admin,
      { showProductId: f.showProductId, priceMinor: 900, quantity, durationSeconds, perBuyerLimit },
    );
    expect(started.status).toBe(201);
    const sale = await f.database.db.flashSale.findUniqueOrThrow({ where: { id: started.body.saleId } });
    return { saleId: sale.id, startsAt: sale.startsAt.getTime() };
  };
  const endSale = (saleId: string) =>
    f.request('POST', `/api/brands/${f.brandId}/shows/${f.showId}/sales/${saleId}/end`, f.admin, {});

  /** Presses Buy when her video shows the sale plus her reaction time, saying which frame she saw. */
  const press = async (socket: Socket, saleId: string, startsAt: number, lagMs: number, reactionMs: number) => {
    await sleep(Math.max(0, startsAt + lagMs + reactionMs - Date.now()));
    const playingAt = new Date(Date.now() - lagMs).toISOString();
    return (await socket.timeout(20_000).emitWithAck('sale:reserve', { saleId, quantity: 1, playingAt })) as AckResult<{
      orderId: string;
    }>;
  };

  it('gives the units to the quickest reactions in playback time, not to the shortest streams', async () => {
    const buyers = await f.buyers(24);
    const fast = await Promise.all(buyers.slice(0, 12).map((b) => viewer(b.headers.cookie as string, 400)));
    const slow = await Promise.all(buyers.slice(12).map((b) => viewer(b.headers.cookie as string, 2_500)));
    const { saleId, startsAt } = await startSale(8);
    // The fast stream's viewers react in 0.8-1.0 s; the slow stream's in 0.2-0.4 s, but see the sale 2.1 s later.
    const answers = await Promise.all([
      ...fast.map((s, i) => press(s, saleId, startsAt, 400, 800 + i * 15)),
      ...slow.map((s, i) => press(s, saleId, startsAt, 2_500, 200 + i * 15)),
    ]);
    const won = answers.map((answer) => answer.ok);
    expect(won.slice(0, 12).filter(Boolean)).toHaveLength(0);
    expect(won.slice(12).filter(Boolean)).toHaveLength(8);
    expect(answers.filter((a) => !a.ok).every((a) => !a.ok && a.error.code === 'SOLD_OUT')).toBe(true);

    const sale = await f.database.db.flashSale.findUniqueOrThrow({ where: { id: saleId } });
    expect(sale.remaining).toBe(0);
    expect(await f.database.db.reservation.count({ where: { flashSaleId: saleId, status: 'HELD' } })).toBe(8);
    await endSale(saleId);
  });

  it('never oversells and keeps per-buyer limits when a ranked window is released at once', async () => {
    const buyers = await f.buyers(30);
    const sockets30 = await Promise.all(buyers.map((b, i) => viewer(b.headers.cookie as string, 300 + (i % 6) * 400)));
    const { saleId, startsAt } = await startSale(10, 2);
    // Everyone presses three times at once (limit 2 each): 90 presses for 10 units, all inside the window.
    const answers = await Promise.all(
      sockets30.flatMap((socket, i) =>
        [0, 1, 2].map(() => press(socket, saleId, startsAt, 300 + (i % 6) * 400, 100 + (i % 5) * 30)),
      ),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(10);
    const tallies = await f.buyerTallies(saleId);
    expect(tallies.kept).toEqual(tallies.counted);
    expect(Math.max(...Object.values(tallies.kept))).toBeLessThanOrEqual(2);
    const sale = await f.database.db.flashSale.findUniqueOrThrow({ where: { id: saleId } });
    expect(sale.remaining).toBe(0);
    expect(await f.database.db.reservation.count({ where: { flashSaleId: saleId, status: 'HELD' } })).toBe(10);
    await endSale(saleId);
  });

  it('a press with no playback report behind it is credited the least lag (no advantage from claiming more)', async () => {
    const [honest, liar] = await f.buyers(2);
    const honestSocket = await viewer(honest!.headers.cookie as string, 2_000);
    // The liar watches live (no reports) and claims at Buy that she is 3 s behind.
    const liarSocket = io(baseUrl, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie: liar!.headers.cookie as string },
    });
    sockets.push(liarSocket);
    await new Promise<void>((resolve) => liarSocket.once('connect', () => resolve()));
    await liarSocket.emitWithAck('show:join', { showId: f.showId });
    const { saleId, startsAt } = await startSale(1);
    const [honestAnswer, liarAnswer] = await Promise.all([
      press(honestSocket, saleId, startsAt, 2_000, 500),
      // Pressed 1 s after the real start, claiming a frame 3 s older: credited 0.3 s, so 0.7 s after start (had
      // the claim been believed, she would rank at 0).
      (async () => {
        await sleep(Math.max(0, startsAt + 1_000 - Date.now()));
        return (await liarSocket.timeout(20_000).emitWithAck('sale:reserve', {
          saleId,
          quantity: 1,
          playingAt: new Date(Date.now() - 3_000).toISOString(),
        })) as AckResult<unknown>;
      })(),
    ]);
    // Honest: 0.5 s after the start in her video, although her press reached the server 1.5 s after the liar's.
    expect(honestAnswer.ok).toBe(true);
    expect(liarAnswer).toMatchObject({ ok: false, error: { code: 'SOLD_OUT' } });
    await endSale(saleId);
  });

  it('the end is on her clock too: a press after the end by the server, but before it in her video, still buys', async () => {
    const [slowBuyer, fastBuyer] = await f.buyers(2);
    const slow = await viewer(slowBuyer!.headers.cookie as string, 2_500);
    const fast = await viewer(fastBuyer!.headers.cookie as string, 400);
    const { saleId } = await startSale(5, 1, 10);
    const { endsAt } = await f.database.db.flashSale.findUniqueOrThrow({ where: { id: saleId } });
    // One second after the end by the server's clock, both press.
    await sleep(Math.max(0, endsAt.getTime() + 1_000 - Date.now()));
    const at = (lag: number) => new Date(Date.now() - lag).toISOString();
    const [late, tooLate] = await Promise.all([
      slow.timeout(20_000).emitWithAck('sale:reserve', { saleId, quantity: 1, playingAt: at(2_500) }),
      fast.timeout(20_000).emitWithAck('sale:reserve', { saleId, quantity: 1, playingAt: at(400) }),
    ]);
    // Her video was 1.5 s before the end; his had already shown it 0.6 s ago.
    expect(late).toMatchObject({ ok: true });
    expect(tooLate).toMatchObject({ ok: false, error: { code: 'SALE_NOT_ACTIVE' } });
    await endSale(saleId);
  });
});
