// Checkout while Stripe is down: the real SDK talks to a switchable front for the Stripe stand-in that answers 500,
// answers a proxy's HTML 502, or drops the connection; the buyer gets 503 PAYMENT_PROVIDER_UNAVAILABLE (not a 500),
// keeps the hold, and the same checkout succeeds once Stripe answers again.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeStandIn, type StripeStandIn } from '../payments/testing/stripe-stand-in';
import { createCommerceFixture, type CommerceFixture } from './testing/commerce-fixture';

type Fault = 'none' | 'error-500' | 'html-502' | 'drop';

/** Between the SDK and the stand-in: passes requests through, or fails them the way an outage does. */
async function startFaultyFront(target: StripeStandIn['endpoint']) {
  let fault: Fault = 'none';
  const server = http.createServer((request, response) => {
    if (fault === 'drop') return request.socket.destroy();
    if (fault === 'error-500') {
      response.writeHead(500, { 'content-type': 'application/json' });
      return response.end(JSON.stringify({ error: { type: 'api_error', message: 'An unknown error occurred' } }));
    }
    if (fault === 'html-502') {
      response.writeHead(502, { 'content-type': 'text/html' });
      return response.end('<html><body>502 Bad Gateway</body></html>');
    }
    const upstream = http.request(
      { host: target.host, port: target.port, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: { host: '127.0.0.1', port: (server.address() as AddressInfo).port, protocol: 'http' as const },
    set: (next: Fault) => {
      fault = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('checkout when the payment provider is unavailable', () => {
  let standIn: StripeStandIn;
  let front: Awaited<ReturnType<typeof startFaultyFront>>;
  let f: CommerceFixture;
  beforeAll(async () => {
    standIn = await startStripeStandIn();
    front = await startFaultyFront(standIn.endpoint);
    f = await createCommerceFixture({
      stripe: { endpoint: front.endpoint, webhookSecret: 'whsec_provider_down_test' },
    });
    f.app.http.log.level = 'silent';
  });
  afterAll(async () => {
    await f?.close();
    await front?.close();
    await standIn?.close();
  });

  it.each<Fault>(['error-500', 'html-502', 'drop'])(
    'answers 503 PAYMENT_PROVIDER_UNAVAILABLE when Stripe fails (%s), keeps the hold, and checks out once Stripe is back',
    async (fault) => {
      const [buyer] = await f.buyers(1);
      const held = await f.request<{ orderId: string }>(
        'POST',
        `/api/shows/${f.showId}/products/${f.showProductId}/reservations`,
        buyer!.headers,
        { quantity: 1 },
      );
      expect(held.status).toBe(201);

      front.set(fault);
      const created = standIn.intents.size;
      const failed = await f.request<{ error: { code: string; message: string } }>(
        'POST',
        `/api/orders/${held.body.orderId}/checkout`,
        buyer!.headers,
        {},
      );
      front.set('none');
      expect(failed.status).toBe(503);
      expect(failed.body.error.code).toBe('PAYMENT_PROVIDER_UNAVAILABLE');
      expect(failed.body.error.message).toMatch(/payments are unavailable right now.*try again in a minute/);
      expect(standIn.intents.size).toBe(created);
      const order = await f.database.db.order.findUniqueOrThrow({
        where: { id: held.body.orderId },
        include: { reservation: true },
      });
      expect(order.status).toBe('PENDING');
      expect(order.paymentIntentId).toBeNull();
      expect(order.reservation?.status).toBe('HELD');

      const retried = await f.request<{ paymentIntentId: string; provider: string }>(
        'POST',
        `/api/orders/${held.body.orderId}/checkout`,
        buyer!.headers,
        {},
      );
      expect(retried.status).toBe(200);
      expect(retried.body.provider).toBe('stripe');
      expect(standIn.intents.has(retried.body.paymentIntentId)).toBe(true);
    },
  );

  it('keeps a request Stripe refuses (not an outage) out of that code', async () => {
    const [buyer] = await f.buyers(1);
    const held = await f.request<{ orderId: string }>(
      'POST',
      `/api/shows/${f.showId}/products/${f.showProductId}/reservations`,
      buyer!.headers,
      { quantity: 1 },
    );
    // the stand-in refuses amounts under 50 (amount_too_small): a 400 from Stripe is our bug, not an outage
    await f.database.db.order.update({ where: { id: held.body.orderId }, data: { totalMinor: 10 } });
    const refused = await f.request<{ error: { code: string } }>(
      'POST',
      `/api/orders/${held.body.orderId}/checkout`,
      buyer!.headers,
      {},
    );
    expect(refused.status).toBe(500);
    expect(refused.body.error.code).toBe('INTERNAL');
  });
});
