// /metrics scraped over real HTTP before and after real actions on a real application (PostgreSQL, Socket.IO
// clients, test payments): the counters of what happened moved, and the endpoint is closed where it must be.
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication } from '../app';
import { createCommerceFixture, type CommerceFixture } from '../commerce/testing/commerce-fixture';
import type { ChatMessage } from '../realtime/contract';
import { call, closeAllClients, connect, ok } from '../realtime/test-support/realtime-test-kit';
import { createDiskFileStorage } from '../storage/disk-file-storage';

type Samples = Map<string, number>;

/** Prometheus text format -> `name{a="b",…}` (labels as written) -> value. */
function parse(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(\{.*\})? (\S+)$/.exec(line);
    if (match) samples.set(`${match[1]}${match[2] ?? ''}`, Number(match[3]));
  }
  return samples;
}

/** The sum of every series of `name` whose labels include all of `labels`. */
function value(samples: Samples, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const [key, sample] of samples) {
    if (key !== name && !key.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([label, wanted]) => key.includes(`${label}="${wanted}"`))) total += sample;
  }
  return total;
}

describe('Prometheus metrics', () => {
  let f: CommerceFixture;
  let baseUrl: string;
  beforeAll(async () => {
    f = await createCommerceFixture();
    await f.app.http.listen({ port: 0, host: '127.0.0.1' });
    const address = f.app.http.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    closeAllClients();
    await f?.close();
  });

  const scrape = async () => {
    const response = await fetch(`${baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    return parse(await response.text());
  };

  it('counts an HTTP request, a socket and its chat message, a reservation and a payment', async () => {
    const before = await scrape();
    const [buyer] = await f.buyers(1);

    // a chat message over a real socket
    const socket = await connect(baseUrl, { cookie: buyer!.headers.cookie });
    await ok(call(socket, 'show:join', { showId: f.showId }));
    await ok(call<ChatMessage>(socket, 'chat:send', { text: 'counting this one' }));
    expect(await call(socket, 'chat:send', { text: '   ' })).toMatchObject({ ok: false });

    // a reservation, refused and held, then paid with the test card
    const reserve = () =>
      f.request<{ orderId: string }>(
        'POST',
        `/api/shows/${f.showId}/products/${f.showProductId}/reservations`,
        buyer!.headers,
        { quantity: 1 },
      );
    await f.database.db.product.update({ where: { id: f.productId }, data: { stock: 0 } });
    expect((await reserve()).status).toBe(409);
    await f.database.db.product.update({ where: { id: f.productId }, data: { stock: 10 } });
    const held = await reserve();
    expect(held.status).toBe(201);
    const checkout = await f.request<{ paymentIntentId: string }>(
      'POST',
      `/api/orders/${held.body.orderId}/checkout`,
      buyer!.headers,
      {},
    );
    await f.request('POST', '/api/payments/test/confirm', buyer!.headers, {
      paymentIntentId: checkout.body.paymentIntentId,
      cardNumber: '4242 4242 4242 4242',
    });
    // an HTTP request over the network, on a route with an id in it
    expect(
      (await fetch(`${baseUrl}/api/orders/${held.body.orderId}`, { headers: { cookie: buyer!.headers.cookie! } }))
        .status,
    ).toBe(200);

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}) =>
      value(after, name, labels) - value(before, name, labels);
    expect(moved('livecart_http_requests_total', { method: 'GET', route: '/api/orders/:orderId', status: '200' })).toBe(
      1,
    );
    expect(
      moved('livecart_http_request_duration_seconds_count', { method: 'GET', route: '/api/orders/:orderId' }),
    ).toBe(1);
    expect([...after.keys()].some((key) => key.includes(held.body.orderId))).toBe(false); // route patterns, never ids
    expect(moved('livecart_socket_connections_total')).toBe(1);
    expect(moved('livecart_socket_commands_total', { event: 'chat:send', outcome: 'ok' })).toBe(1);
    expect(moved('livecart_socket_command_duration_seconds_count', { event: 'chat:send' })).toBe(1);
    expect(moved('livecart_chat_messages_total', { visibility: 'public' })).toBe(1);
    expect(moved('livecart_reservations_total', { kind: 'product', outcome: 'SOLD_OUT' })).toBe(1);
    expect(moved('livecart_reservations_total', { kind: 'product', outcome: 'held' })).toBe(1);
    expect(moved('livecart_payment_events_total', { provider: 'test', state: 'succeeded' })).toBe(1);
    expect(value(after, 'livecart_socket_connected')).toBe(1);
    expect(value(after, 'livecart_viewers')).toBe(1);
    expect(value(after, 'livecart_live_shows')).toBe(1);
    expect(after.has('nodejs_eventloop_lag_seconds')).toBe(true);
    socket.disconnect();
  });

  it('answers loopback callers only in embedded mode without a token', async () => {
    expect((await f.app.http.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' })).statusCode).toBe(
      404,
    );
    expect((await f.app.http.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(
      200,
    );
  });

  it('in production: not served without METRICS_TOKEN, and only with the bearer token when set', async () => {
    const make = async (metricsToken: string | null) =>
      createApplication({
        config: { mode: 'production', publicBaseUrl: null, port: 0 },
        db: f.database.db,
        storage: createDiskFileStorage(await mkdtemp(path.join(os.tmpdir(), 'livecart-metrics-'))),
        sessionSecret: randomBytes(32).toString('hex'),
        realtime: { redisUrl: null },
        metricsToken,
      });
    const open = await make(null);
    const token = randomBytes(24).toString('hex');
    const guarded = await make(token);
    try {
      expect((await open.http.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
      expect((await guarded.http.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
      expect(
        (await guarded.http.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}x` } }))
          .statusCode,
      ).toBe(404);
      const scraped = await guarded.http.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(scraped.statusCode).toBe(200);
      expect(scraped.body).toContain('livecart_http_requests_total');
    } finally {
      await open.close();
      await guarded.close();
    }
  });
});
