// Issue 11, defect 6: the anonymous chat limit was keyed by the anonymous id, which the client chooses; 20 sockets
// with fresh ids sent 100 messages in 19 ms, all accepted. Guests are now limited per connection and per remote
// address as well. The address bucket refills very slowly here so the count does not depend on the machine's speed.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
import { call, closeAllClients, connect, ok, seedRoom, sessionCookie, startRealtimeNode, type RealtimeNode, type SeededRoom } from './test-support/realtime-test-kit';

let database: TestDatabase;
let node: RealtimeNode;
let room: SeededRoom;

beforeAll(async () => {
  database = await createTestDatabase();
  room = await seedRoom(database.db);
  await database.db.show.update({ where: { id: room.showId }, data: { chatRequiresSignIn: false } });
  node = await startRealtimeNode(database.db, { tuning: { chatPerAddress: { capacity: 10, perSecond: 0.001 } } });
});
afterEach(() => closeAllClients());
afterAll(async () => {
  await node?.close();
  await database?.drop();
});

it('limits guests per address: 20 sockets from one address with fresh anonymous ids get 10 messages through, not 100', async () => {
  const sockets = await Promise.all(Array.from({ length: 20 }, () => connect(node.url, { anonId: `guest-${randomBytes(6).toString('hex')}` })));
  await Promise.all(sockets.map((socket) => ok(call(socket, 'show:join', { showId: room.showId }))));
  const results = await Promise.all(sockets.flatMap((socket, s) => Array.from({ length: 5 }, (_, m) => call(socket, 'chat:send', { text: `guest ${s} says ${m}` }))));
  const accepted = results.filter((result) => result.ok).length;
  const limited = results.filter((result) => !result.ok && result.error.code === 'RATE_LIMITED').length;
  expect({ accepted, limited }).toEqual({ accepted: 10, limited: 90 });

  // a signed-in viewer from the same address has their own budget
  const member = await connect(node.url, { cookie: await sessionCookie(database.db, room.users.viewer) });
  await ok(call(member, 'show:join', { showId: room.showId }));
  expect(await call(member, 'chat:send', { text: 'signed in and heard' })).toMatchObject({ ok: true });
});
