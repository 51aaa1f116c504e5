// Every JSON log line a request writes carries its request id and the show and order it is about.
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { bindRequestIds, requestIdOptions } from './request-log';

async function loggedApp(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const app = Fastify({ logger: { level, stream }, ...requestIdOptions });
  bindRequestIds(app);
  app.get('/api/shows/:showId/orders/:orderId', async (request) => {
    request.log.warn({ step: 'refund' }, 'refund owed');
    return { ok: true };
  });
  await app.ready();
  return { app, lines };
}

describe('structured request logs', () => {
  it('binds the request id (the proxy’s when well-formed) and the route’s show and order ids to every line', async () => {
    const { app, lines } = await loggedApp();
    const response = await app.inject({
      method: 'GET',
      url: '/api/shows/show_1/orders/order_9',
      headers: { 'x-request-id': 'nginx-3f2a9c7d1e' },
    });
    expect(response.headers['x-request-id']).toBe('nginx-3f2a9c7d1e');
    const mine = lines.filter((line) => line.requestId === 'nginx-3f2a9c7d1e');
    expect(mine.find((line) => line.msg === 'refund owed')).toMatchObject({
      showId: 'show_1',
      orderId: 'order_9',
      step: 'refund',
      level: 40,
    });
    expect(mine.find((line) => line.msg === 'request completed')).toMatchObject({
      showId: 'show_1',
      orderId: 'order_9',
      res: { statusCode: 200 },
    });
    await app.close();
  });

  it('makes its own id when the header is missing or not an id', async () => {
    const { app, lines } = await loggedApp();
    const response = await app.inject({
      method: 'GET',
      url: '/api/shows/s/orders/o',
      headers: { 'x-request-id': 'bad id\n{"forged":true}' },
    });
    const id = response.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.filter((line) => line.requestId === id).length).toBeGreaterThan(0);
    expect(lines.some((line) => 'forged' in line)).toBe(false);
    await app.close();
  });

  it('binds the ids to the lines of a request whose info lines are off (the child logger is made on first use)', async () => {
    const { app, lines } = await loggedApp('warn');
    await app.inject({ method: 'GET', url: '/api/shows/show_2/orders/order_3' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'refund owed', showId: 'show_2', orderId: 'order_3', level: 40 });
    await app.close();
  });
});
