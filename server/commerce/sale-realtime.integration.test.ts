// Sale state reaches viewers through the realtime service: join snapshot, sale:started, throttled
// sale:stock-changed (at most ~10 a second per sale), sale:ended. A real server on a random port, a real client.
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommerceFixture, type CommerceFixture } from './testing/commerce-fixture';

describe('flash sales over realtime', () => {
  let f: CommerceFixture;
  let socket: Socket;
  const events: { name: string; payload: Record<string, unknown>; at: number }[] = [];
  beforeAll(async () => {
    f = await createCommerceFixture();
    await f.app.http.listen({ port: 0, host: '127.0.0.1' });
    const { port } = f.app.http.server.address() as AddressInfo;
    socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false });
    socket.onAny((name: string, payload: Record<string, unknown>) => {
      // Room-wide events arrive in `room:batch` frames (server/realtime/contract.ts); record each one.
      if (name === 'room:batch')
        for (const [inner, data] of payload.events as Array<[string, Record<string, unknown>]>)
          events.push({ name: inner, payload: data, at: Date.now() });
      else events.push({ name, payload, at: Date.now() });
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  });
  afterAll(async () => {
    socket?.close();
    await f?.close();
  });

  const join = () =>
    new Promise<{ ok: boolean; data?: { sales: { saleId: string; remaining: number; status: string }[] } }>((resolve) =>
      socket.emit('show:join', { showId: f.showId }, resolve),
    );
  const waitFor = async (predicate: () => boolean, timeoutMs = 5000) => {
    const until = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > until) throw new Error(`timed out; events: ${events.map((e) => e.name).join(',')}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  it('announces the sale, streams throttled stock counts, ends it, and puts open sales in the join snapshot', async () => {
    expect((await join()).ok).toBe(true);
    const started = await f.request<{ saleId: string }>(
      'POST',
      `/api/brands/${f.brandId}/shows/${f.showId}/sales`,
      f.admin,
      { showProductId: f.showProductId, priceMinor: 1500, quantity: 40, durationSeconds: 60, perBuyerLimit: 1 },
    );
    const saleId = started.body.saleId;
    await waitFor(() => events.some((e) => e.name === 'sale:started' && e.payload.saleId === saleId));
    // everything the buy button shows comes with the event: no viewer has to ask for it
    expect(events.find((e) => e.name === 'sale:started')?.payload).toMatchObject({
      quantity: 40,
      remaining: 40,
      status: 'active',
      priceMinor: 1500,
      title: 'Tote',
      currency: expect.any(String),
      regularPriceMinor: 5000,
      productId: f.productId,
    });

    const buyers = await f.buyers(40);
    const firstBuyAt = Date.now();
    await Promise.all(
      buyers.map((buyer) =>
        f.request('POST', `/api/shows/${f.showId}/sales/${saleId}/reservations`, buyer.headers, { quantity: 1 }),
      ),
    );
    await waitFor(() => events.some((e) => e.name === 'sale:stock-changed' && e.payload.remaining === 0));
    const stock = events.filter((e) => e.name === 'sale:stock-changed' && e.payload.saleId === saleId);
    expect(stock.at(-1)?.payload).toMatchObject({ remaining: 0, quantity: 40, status: 'sold_out' });
    const seconds = Math.max(0.1, (stock.at(-1)!.at - firstBuyAt) / 1000);
    expect(stock.length).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 2);

    // a second viewer joining now gets the sale in its snapshot
    const snapshot = await join();
    expect(snapshot.data?.sales).toEqual([expect.objectContaining({ saleId, remaining: 0, status: 'sold_out' })]);

    await f.request('POST', `/api/brands/${f.brandId}/shows/${f.showId}/sales/${saleId}/end`, f.admin, {});
    await waitFor(() => events.some((e) => e.name === 'sale:ended'));
    expect(events.find((e) => e.name === 'sale:ended')?.payload).toMatchObject({
      saleId,
      status: 'ended',
      reason: 'sold_out',
    });
  });
});
