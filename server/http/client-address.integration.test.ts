// The HTTP side of TRUST_PROXY: rate limits keyed by address use the same rule as the chat sockets
// (anonymous-chat-limits.integration.test.ts), through the real server factory and @fastify/rate-limit.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
import { createSessionCache } from '../accounts/session-cache';
import { clientAddressRule } from './client-address';
import { createHttpServer } from './create-http-server';
import { userOrAddress } from './rate-limits';

let database: TestDatabase;
const servers: FastifyInstance[] = [];

async function server(trustedProxies: string[]): Promise<FastifyInstance> {
  const app = await createHttpServer({
    sessions: createSessionCache(database.db),
    cookiePolicy: { secure: false },
    logLevel: 'silent',
    csrfExemptPrefixes: ['/api/'],
    trustedOrigins: [],
    clientAddress: clientAddressRule(trustedProxies),
  });
  // two requests per address per hour: the count cannot depend on the machine's speed
  app.post(
    '/api/limited',
    { config: { rateLimit: { max: 2, timeWindow: 3_600_000, keyGenerator: userOrAddress } } },
    async (request) => ({ ip: request.ip, client: request.clientAddress }),
  );
  servers.push(app);
  return app;
}

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(servers.map((app) => app.close()));
  await database?.drop();
});

const statuses = async (app: FastifyInstance, forwardedFor: string, times: number) => {
  const codes: number[] = [];
  for (let i = 0; i < times; i++) {
    const response = await app.inject({
      method: 'POST',
      url: '/api/limited',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': forwardedFor },
    });
    codes.push(response.statusCode);
  }
  return codes;
};

it('behind a trusted proxy each forwarded address has its own limit; request.ip agrees with the rule', async () => {
  const app = await server(['127.0.0.1']);
  expect(await statuses(app, '203.0.113.1', 3)).toEqual([200, 200, 429]);
  expect(await statuses(app, '203.0.113.2', 3)).toEqual([200, 200, 429]);
  expect(await statuses(app, '2001:db8:1:2::b', 2)).toEqual([200, 200]);
  expect(await statuses(app, '2001:db8:1:2::c', 1)).toEqual([429]); // same /64
  const seen = await app.inject({
    method: 'POST',
    url: '/api/limited',
    remoteAddress: '127.0.0.1',
    headers: { 'x-forwarded-for': '1.1.1.1, 198.51.100.5' },
  });
  expect(seen.json()).toEqual({ ip: '198.51.100.5', client: '198.51.100.5' });
});

it('without TRUST_PROXY the header is ignored: every request is the peer', async () => {
  const app = await server([]);
  expect(await statuses(app, '203.0.113.1', 2)).toEqual([200, 200]);
  expect(await statuses(app, '203.0.113.2', 1)).toEqual([429]);
});
