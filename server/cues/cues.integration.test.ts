// Commerce cues on the media timeline: stored when they happen, carried by the broadcasts, and given back to late
// joiners (join snapshot) and replays (GET /api/shows/:id/cues) — a real server, PostgreSQL and socket clients.
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommerceFixture, type CommerceFixture } from '../commerce/testing/commerce-fixture';
import type { AckResult, JoinState, ShowCue } from '../realtime/contract';

describe('commerce cues', () => {
  let f: CommerceFixture;
  let baseUrl: string;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    f = await createCommerceFixture();
    await f.app.http.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(f.app.http.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await f?.close();
  });

  const connect = async (cookie?: string) => {
    const socket = io(baseUrl, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: cookie ? { cookie } : {},
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const joined = (await socket.emitWithAck('show:join', { showId: f.showId })) as AckResult<JoinState>;
    if (!joined.ok) throw new Error(joined.error.message);
    return { socket, state: joined.data };
  };
  const unpacked = (socket: Socket, event: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      socket.on(event, resolve);
      socket.on('room:batch', (batch: { events: [string, Record<string, unknown>][] }) => {
        for (const [name, payload] of batch.events) if (name === event) resolve(payload);
      });
    });

  it('stamps pins and sales with the media time of the moment, stores them and replays them to late joiners', async () => {
    const host = await connect(f.admin.cookie);
    const early = await connect();
    const pinSeen = unpacked(early.socket, 'pin:changed');

    const before = Date.now();
    const pinned = (await host.socket.emitWithAck('pin:add', { showProductId: f.showProductId })) as AckResult<unknown>;
    expect(pinned.ok).toBe(true);
    const after = Date.now();
    const broadcast = await pinSeen;
    const pinTime = Date.parse(String(broadcast.mediaTime));
    // The host's frame when the pin reached the server: the server's clock then (no ingest delay known here).
    expect(pinTime).toBeGreaterThanOrEqual(before - 5);
    expect(pinTime).toBeLessThanOrEqual(after + 5);

    const saleSeen = unpacked(early.socket, 'sale:started');
    const started = await f.request<{ saleId: string }>(
      'POST',
      `/api/brands/${f.brandId}/shows/${f.showId}/sales`,
      f.admin,
      { showProductId: f.showProductId, priceMinor: 1500, quantity: 3, durationSeconds: 60, perBuyerLimit: 1 },
    );
    expect(started.status).toBe(201);
    const saleStarted = await saleSeen;
    expect(typeof saleStarted.mediaTime).toBe('string');
    const sale = await f.database.db.flashSale.findUniqueOrThrow({ where: { id: started.body.saleId } });
    expect(Date.parse(String(saleStarted.mediaTime))).toBe(sale.startsAt.getTime());

    const ended = await f.request(
      'POST',
      `/api/brands/${f.brandId}/shows/${f.showId}/sales/${started.body.saleId}/end`,
      f.admin,
      {},
    );
    expect(ended.status).toBeLessThan(300);

    // Stored, in media-time order.
    const rows = await f.database.db.showCue.findMany({ where: { showId: f.showId }, orderBy: { mediaTime: 'asc' } });
    expect(rows.map((row) => row.kind)).toEqual(['pin', 'sale_started', 'sale_ended']);

    // A late joiner gets them in the snapshot, so a player behind live can apply each one on time.
    const late = await connect();
    expect(late.state.cues.map((cue) => cue.event.kind)).toEqual(['pin', 'sale_started', 'sale_ended']);
    const pinCue = late.state.cues[0] as ShowCue;
    expect(pinCue.event).toMatchObject({ kind: 'pin', showProductId: f.showProductId, previousPins: [] });
    expect(Date.parse(pinCue.mediaTime)).toBe(pinTime);

    // A replay (or a reconnecting page) reads them up to its position.
    const all = await f.request<{ items: ShowCue[] }>('GET', `/api/shows/${f.showId}/cues`, {});
    expect(all.body.items.map((cue) => cue.id)).toEqual(rows.map((row) => row.id));
    const upToPin = await f.request<{ items: ShowCue[] }>(
      'GET',
      `/api/shows/${f.showId}/cues?until=${encodeURIComponent(pinCue.mediaTime)}`,
      {},
    );
    expect(upToPin.body.items.map((cue) => cue.event.kind)).toEqual(['pin']);

    // Pinning what is already pinned changes nothing and records nothing.
    await host.socket.emitWithAck('pin:add', { showProductId: f.showProductId });
    expect(await f.database.db.showCue.count({ where: { showId: f.showId } })).toBe(3);

    // A pinned product's show price changed from the console: a cue, and the new price on the pinned card.
    const priceSeen = unpacked(early.socket, 'pin:changed');
    const patched = await f.request(
      'PATCH',
      `/api/brands/${f.brandId}/shows/${f.showId}/products/${f.showProductId}`,
      f.admin,
      { flashPriceMinor: 1234 },
    );
    expect(patched.status).toBe(200);
    const priced = await priceSeen;
    expect(typeof priced.mediaTime).toBe('string');
    expect((priced.pins as { flashPriceMinor: number }[])[0]?.flashPriceMinor).toBe(1234);
    const last = await f.database.db.showCue.findFirstOrThrow({
      where: { showId: f.showId },
      orderBy: { mediaTime: 'desc' },
    });
    expect(last.kind).toBe('price_changed');
  });

  it('answers 404 for an unknown show', async () => {
    expect((await f.request('GET', '/api/shows/cunknownshow000000000000/cues', {})).status).toBe(404);
  });
});
