// Issue 11, defect 7: signing out left the session's open sockets chatting as the user. Two platform processes
// share PostgreSQL and Redis (the Socket.IO adapter); sign-out on one must cut the session's sockets on both, and
// a session that expires or is deleted some other way must lose its sockets too. Real sockets, real sign-in.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../../infra/test-support/test-application';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '../../infra/test-support/test-database';
import { createApplication, type Application } from '../app';
import {
  call,
  closeAllClients,
  connect,
  ok,
  seedRoom,
  type SeededRoom,
  type TestSocket,
} from '../realtime/test-support/realtime-test-kit';
import { demoAccounts, demoPassword } from '../seed/demo-seed';
import { createDiskFileStorage } from '../storage/disk-file-storage';

let database: TestDatabase;
let room: SeededRoom;
const apps: { app: Application; url: string }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  room = await seedRoom(database.db);
  const storage = createDiskFileStorage(
    path.join(await mkdtemp(path.join(os.tmpdir(), 'livecart-sign-out-')), 'uploads'),
  );
  const keyPrefix = `test:${randomBytes(6).toString('hex')}:`;
  for (let i = 0; i < 2; i++) {
    const app = await createApplication({
      config: { mode: 'embedded', publicBaseUrl: null, port: 0 },
      db: database.db,
      storage,
      sessionSecret: 'x'.repeat(40),
      // The first process sweeps its sockets' sessions often; the second practically never, so what cuts a socket
      // there on sign-out is the disconnect sent through the adapter.
      realtime: { redisUrl: testRedisUrl, keyPrefix, tuning: { sessionSweepMs: i === 0 ? 100 : 3_600_000 } },
    });
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    apps.push({ app, url: `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}` });
  }
});
afterEach(() => closeAllClients());
afterAll(async () => {
  for (const { app } of apps) await app.close();
  await database?.drop();
});

async function signedIn(): Promise<{ client: TestClient; cookie: string; token: string }> {
  const client = new TestClient(apps[0]!.app);
  expect(
    (await client.post('/api/auth/sign-in', { email: demoAccounts.viewer, password: demoPassword })).statusCode,
  ).toBe(200);
  const token = client.cookies.get('lc_session')!;
  return { client, cookie: `lc_session=${token}`, token };
}

async function chatting(url: string, cookie: string): Promise<TestSocket> {
  const socket = await connect(url, { cookie });
  await ok(call(socket, 'show:join', { showId: room.showId }));
  await ok(call(socket, 'chat:send', { text: 'still here' }));
  return socket;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const disconnected = (socket: TestSocket) =>
  new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

describe('a session’s sockets end with the session', () => {
  it('sign-out disconnects that session’s sockets on every process, and only that session’s', async () => {
    const session = await signedIn();
    const other = await signedIn(); // the same user on another device
    const here = await chatting(apps[0]!.url, session.cookie);
    const there = await chatting(apps[1]!.url, session.cookie);
    const otherDevice = await chatting(apps[1]!.url, other.cookie);
    const ends = [disconnected(here), disconnected(there)];

    expect((await session.client.post('/api/auth/sign-out')).statusCode).toBe(204);
    expect(await Promise.all(ends)).toEqual(['io server disconnect', 'io server disconnect']);
    expect(here.connected || there.connected).toBe(false);
    expect(await call(otherDevice, 'chat:send', { text: 'the other device still chats' })).toMatchObject({ ok: true });

    // a new socket with the signed-out cookie is only a guest (this show needs sign-in to chat)
    const after = await connect(apps[1]!.url, { cookie: session.cookie });
    await ok(call(after, 'show:join', { showId: room.showId }));
    expect(await call(after, 'chat:send', { text: 'as the user?' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
  });

  it('a revoked (deleted) session and an expired one lose their sockets within a sweep', async () => {
    const revoked = await signedIn();
    const expired = await signedIn();
    const kept = await signedIn();
    const revokedSocket = await chatting(apps[0]!.url, revoked.cookie);
    const expiredSocket = await chatting(apps[0]!.url, expired.cookie);
    const keptSocket = await chatting(apps[0]!.url, kept.cookie);
    const ends = [disconnected(revokedSocket), disconnected(expiredSocket)];

    await database.db.session.deleteMany({ where: { tokenHash: hash(revoked.token) } });
    await database.db.session.updateMany({
      where: { tokenHash: hash(expired.token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await Promise.all(ends)).toEqual(['io server disconnect', 'io server disconnect']);
    expect(await call(keptSocket, 'chat:send', { text: 'a live session keeps its socket' })).toMatchObject({
      ok: true,
    });
  });
});
