// The real server process killed (SIGKILL) between reservation and payment: a new process on the same database
// expires the hold by itself (units back on sale) and the buyer can buy again. Never oversold, nothing lost.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
import { demoAccounts, demoPassword } from '../seed/demo-seed';

const root = path.resolve(import.meta.dirname, '../..');
let database: TestDatabase;
let dataDir: string;
const children = new Set<ChildProcess>();

async function startServer(): Promise<{ child: ChildProcess; baseUrl: string }> {
  // ROLE=all: the HTTP API (web) and the hold-expiry job (worker) in one process, as the embedded platform runs.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      LIVECART_MODE: 'embedded',
      ROLE: 'all',
      DATABASE_URL: database.url,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let log = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 60_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const url = /ready at (http:\/\/\S+)/.exec(log)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)));
  });
  return { child, baseUrl };
}

async function signIn(baseUrl: string, email: string) {
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`);
  const { token } = (await csrfResponse.json()) as { token: string };
  const csrfCookie = `lc_csrf=${token}`;
  const response = await fetch(`${baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: csrfCookie, 'x-csrf-token': token },
    body: JSON.stringify({ email, password: demoPassword }),
  });
  expect(response.status).toBe(200);
  const session = /lc_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')![1]!;
  return { cookie: `${csrfCookie}; lc_session=${session}`, 'x-csrf-token': token, 'content-type': 'application/json' };
}

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'livecart-killed-'));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('server killed between reservation and payment', () => {
  it('a new process returns the held units by itself and the buyer can buy again', { timeout: 120_000 }, async () => {
    const first = await startServer();
    const show = await database.db.show.findFirstOrThrow({ include: { products: { orderBy: { position: 'asc' } } } });
    const host = await signIn(first.baseUrl, demoAccounts.host);
    const buyer = await signIn(first.baseUrl, demoAccounts.viewer);
    const started = await fetch(`${first.baseUrl}/api/brands/${show.brandId}/shows/${show.id}/sales`, {
      method: 'POST',
      headers: host,
      body: JSON.stringify({
        showProductId: show.products[0]!.id,
        priceMinor: 5900,
        quantity: 3,
        durationSeconds: 300,
        perBuyerLimit: 1,
      }),
    });
    const { saleId } = (await started.json()) as { saleId: string };
    const reserved = await fetch(`${first.baseUrl}/api/shows/${show.id}/sales/${saleId}/reservations`, {
      method: 'POST',
      headers: buyer,
      body: '{"quantity":1}',
    });
    expect(reserved.status).toBe(201);
    const { orderId, reservationId } = (await reserved.json()) as { orderId: string; reservationId: string };
    expect((await database.db.flashSale.findUniqueOrThrow({ where: { id: saleId } })).remaining).toBe(2);

    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    // Time passes while we are down: the hold runs out.
    await database.db.reservation.update({
      where: { id: reservationId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });

    const second = await startServer();
    await expect
      .poll(async () => (await database.db.order.findUniqueOrThrow({ where: { id: orderId } })).status, {
        timeout: 15_000,
      })
      .toBe('EXPIRED');
    expect((await database.db.flashSale.findUniqueOrThrow({ where: { id: saleId } })).remaining).toBe(3);
    const again = await fetch(`${second.baseUrl}/api/shows/${show.id}/sales/${saleId}/reservations`, {
      method: 'POST',
      headers: buyer,
      body: '{"quantity":1}',
    });
    expect(again.status).toBe(201);
    expect((await database.db.flashSale.findUniqueOrThrow({ where: { id: saleId } })).remaining).toBe(2);
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));
  });
});
