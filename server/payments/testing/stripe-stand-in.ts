// A local stand-in for the few Stripe endpoints Livecart uses, so the real SDK can be tested offline:
// create / retrieve / cancel PaymentIntent, refunds, Idempotency-Key replay. Test controls (succeed, fail, refuse,
// beforeAnswer) and signed webhook deliveries are methods, not HTTP endpoints. Not a Stripe emulator: only what
// our adapter sends.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface Intent {
  id: string;
  object: 'payment_intent';
  amount: number;
  currency: string;
  description: string | null;
  status: 'requires_payment_method' | 'processing' | 'succeeded' | 'canceled';
  client_secret: string;
  metadata: Record<string, string>;
  latest_charge: string | null;
  created: number;
}
interface Charge {
  id: string;
  object: 'charge';
  amount: number;
  amount_refunded: number;
  refunded: boolean;
  payment_intent: string;
  metadata: Record<string, string>;
}

export interface StripeStandIn {
  endpoint: { host: string; port: number; protocol: 'http' };
  intents: Map<string, Intent>;
  /** Requests received, newest last (method, path, idempotency key). */
  requests: { method: string; path: string; idempotencyKey: string | null; replayed: boolean }[];
  succeed(intentId: string): Intent;
  fail(intentId: string): Intent;
  charge(intentId: string): Charge | null;
  /**
   * Fault: the next `times` requests to `method path` are answered `status` (503: an outage in front of the API)
   * without being acted on or kept under their idempotency key, so a retry with the same key is a first try.
   */
  refuse(method: string, path: string, options?: { times?: number; status?: number }): void;
  /**
   * Race: the next request to `method path` is acted on, then `hook` runs before it is answered — e.g. the
   * webhook Stripe sends about it arriving before the caller gets its answer. Once.
   */
  beforeAnswer(method: string, path: string, hook: (body: unknown) => Promise<void> | void): void;
  close(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/** Form bodies as the SDK sends them: `metadata[orderId]=x`, `automatic_payment_methods[enabled]=true`. */
function parseForm(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const match = /^(\w+)\[(\w*)\]$/.exec(key); // expand[0]=x and expand[]=x both become { 0: x } / [x]
    if (match) {
      const bucket = (out[match[1]!] ?? (match[2] ? {} : [])) as Record<string, string> | string[];
      out[match[1]!] = bucket;
      if (Array.isArray(bucket)) bucket.push(value);
      else bucket[match[2]!] = value;
    } else out[key] = value;
  }
  return out;
}

export async function startStripeStandIn(): Promise<StripeStandIn> {
  const intents = new Map<string, Intent>();
  const charges = new Map<string, Charge>();
  const idempotency = new Map<string, { hash: string; status: number; body: unknown }>();
  const requests: StripeStandIn['requests'] = [];
  const refusals = new Map<string, { times: number; status: number }>();
  const hooks = new Map<string, (body: unknown) => Promise<void> | void>();

  const fail = (status: number, message: string, code?: string, type = 'invalid_request_error') => ({
    status,
    body: { error: { type, message, code } },
  });
  const expandIntent = (intent: Intent, expand: string[]) => ({
    ...intent,
    latest_charge:
      expand.includes('latest_charge') && intent.latest_charge
        ? charges.get(intent.latest_charge)
        : intent.latest_charge,
  });

  const route = (
    method: string,
    path: string,
    form: Record<string, unknown>,
    query: URLSearchParams,
  ): { status: number; body: unknown } => {
    const expand = [
      ...Object.values((form.expand as Record<string, string> | undefined) ?? {}),
      ...[...query].filter(([key]) => key.startsWith('expand[')).map(([, value]) => value),
    ];
    if (method === 'POST' && path === '/v1/payment_intents') {
      const amount = Number(form.amount);
      if (!Number.isInteger(amount) || amount < 50) return fail(400, 'Amount must be at least 50', 'amount_too_small');
      const intentId = id('pi');
      const intent: Intent = {
        id: intentId,
        object: 'payment_intent',
        amount,
        currency: String(form.currency ?? 'usd'),
        description: (form.description as string) ?? null,
        status: 'requires_payment_method',
        client_secret: `${intentId}_secret_${randomBytes(8).toString('hex')}`,
        metadata: (form.metadata as Record<string, string>) ?? {},
        latest_charge: null,
        created: Math.floor(Date.now() / 1000),
      };
      intents.set(intent.id, intent);
      return { status: 200, body: intent };
    }
    const intentMatch = /^\/v1\/payment_intents\/(\w+)(\/cancel)?$/.exec(path);
    if (intentMatch) {
      const intent = intents.get(intentMatch[1]!);
      if (!intent) return fail(404, `No such payment_intent: '${intentMatch[1]}'`, 'resource_missing');
      if (method === 'GET' && !intentMatch[2]) return { status: 200, body: expandIntent(intent, expand) };
      if (method === 'POST' && intentMatch[2]) {
        if (intent.status === 'succeeded' || intent.status === 'canceled') {
          return fail(
            400,
            `You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`,
            'payment_intent_unexpected_state',
          );
        }
        intent.status = 'canceled';
        return { status: 200, body: intent };
      }
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const intent = intents.get(String(form.payment_intent));
      if (!intent) return fail(404, 'No such payment_intent', 'resource_missing');
      const charge = intent.latest_charge ? charges.get(intent.latest_charge) : undefined;
      if (intent.status !== 'succeeded' || !charge)
        return fail(400, 'This PaymentIntent does not have a successful charge to refund.', 'charge_not_refundable');
      const amount = form.amount === undefined ? charge.amount - charge.amount_refunded : Number(form.amount);
      if (amount <= 0 || charge.amount_refunded + amount > charge.amount)
        return fail(400, 'Refund amount is greater than unrefunded amount on charge', 'amount_too_large');
      charge.amount_refunded += amount;
      charge.refunded = charge.amount_refunded === charge.amount;
      return {
        status: 200,
        body: {
          id: id('re'),
          object: 'refund',
          amount,
          charge: charge.id,
          payment_intent: intent.id,
          status: 'succeeded',
        },
      };
    }
    return fail(404, `Unrecognized request URL (${method}: ${path})`);
  };

  const server = http.createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => (raw += chunk));
    request.on('end', async () => {
      const url = new URL(request.url ?? '/', 'http://stand-in');
      const key = (request.headers['idempotency-key'] as string | undefined) ?? null;
      const send = (status: number, body: unknown, replayed = false) => {
        requests.push({ method: request.method ?? '', path: url.pathname, idempotencyKey: key, replayed });
        response.writeHead(status, {
          'content-type': 'application/json',
          'request-id': id('req'),
          ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
        });
        response.end(JSON.stringify(body));
      };
      if (!/^Bearer sk_/.test(request.headers.authorization ?? ''))
        return send(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
      const target = `${request.method} ${url.pathname}`;
      const refusal = refusals.get(target);
      if (refusal && refusal.times > 0) {
        refusal.times -= 1;
        return send(refusal.status, { error: { type: 'api_error', message: 'stand-in: refused (simulated outage)' } });
      }
      const hash = createHash('sha256').update(`${request.method} ${url.pathname} ${raw}`).digest('hex');
      if (key && request.method === 'POST') {
        const previous = idempotency.get(key);
        if (previous) {
          if (previous.hash !== hash) {
            return send(400, {
              error: {
                type: 'idempotency_error',
                message:
                  'Keys for idempotent requests can only be used with the same parameters they were first used with.',
              },
            });
          }
          return send(previous.status, previous.body, true);
        }
      }
      const result = route(request.method ?? 'GET', url.pathname, parseForm(raw), url.searchParams);
      if (key && request.method === 'POST') idempotency.set(key, { hash, status: result.status, body: result.body });
      const hook = hooks.get(target);
      if (hook) {
        hooks.delete(target);
        try {
          await hook(result.body);
        } catch (error) {
          return send(500, {
            error: { type: 'api_error', message: `stand-in: beforeAnswer hook failed: ${(error as Error).message}` },
          });
        }
      }
      send(result.status, result.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const must = (intentId: string) => {
    const intent = intents.get(intentId);
    if (!intent) throw new Error(`stand-in: no intent ${intentId}`);
    return intent;
  };
  return {
    endpoint: { host: '127.0.0.1', port, protocol: 'http' },
    intents,
    requests,
    succeed(intentId) {
      const intent = must(intentId);
      const charge: Charge = {
        id: id('ch'),
        object: 'charge',
        amount: intent.amount,
        amount_refunded: 0,
        refunded: false,
        payment_intent: intent.id,
        metadata: {},
      };
      charges.set(charge.id, charge);
      intent.status = 'succeeded';
      intent.latest_charge = charge.id;
      return intent;
    },
    fail(intentId) {
      const intent = must(intentId);
      intent.status = 'requires_payment_method';
      return intent;
    },
    charge(intentId) {
      const chargeId = must(intentId).latest_charge;
      return chargeId ? (charges.get(chargeId) ?? null) : null;
    },
    refuse(method, path, options = {}) {
      refusals.set(`${method} ${path}`, { times: options.times ?? 1, status: options.status ?? 503 });
    },
    beforeAnswer(method, path, hook) {
      hooks.set(`${method} ${path}`, hook);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A Stripe event envelope as Stripe would POST it to the webhook. */
export function stripeEvent(type: string, object: unknown, eventId = id('evt')): string {
  return JSON.stringify({
    id: eventId,
    object: 'event',
    api_version: '2025-01-01',
    created: Math.floor(Date.now() / 1000),
    type,
    livemode: false,
    data: { object },
  });
}
