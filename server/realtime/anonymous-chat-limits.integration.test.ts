// Issue 11, defect 6: the anonymous chat limit was keyed by the anonymous id, which the client chooses; 20 sockets
// with fresh ids sent 100 messages in 19 ms, all accepted. Guests are now limited per connection and per remote
// address as well. The address bucket refills very slowly here so the count does not depend on the machine's speed.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
import {
  call,
  closeAllClients,
  connect,
  ok,
  seedRoom,
  sessionCookie,
  startRealtimeNode,
  type RealtimeNode,
  type SeededRoom,
} from './test-support/realtime-test-kit';

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
  const sockets = await Promise.all(
    Array.from({ length: 20 }, () => connect(node.url, { anonId: `guest-${randomBytes(6).toString('hex')}` })),
  );
  await Promise.all(sockets.map((socket) => ok(call(socket, 'show:join', { showId: room.showId }))));
  const results = await Promise.all(
    sockets.flatMap((socket, s) =>
      Array.from({ length: 5 }, (_, m) => call(socket, 'chat:send', { text: `guest ${s} says ${m}` })),
    ),
  );
  const accepted = results.filter((result) => result.ok).length;
  const limited = results.filter((result) => !result.ok && result.error.code === 'RATE_LIMITED').length;
  expect({ accepted, limited }).toEqual({ accepted: 10, limited: 90 });

  // a signed-in viewer from the same address has their own budget
  const member = await connect(node.url, { cookie: await sessionCookie(database.db, room.users.viewer) });
  await ok(call(member, 'show:join', { showId: room.showId }));
  expect(await call(member, 'chat:send', { text: 'signed in and heard' })).toMatchObject({ ok: true });
});

// Behind nginx every socket comes from nginx's address: without TRUST_PROXY all guests of a show shared one budget.
it('behind a trusted proxy, limits guests per forwarded address (IPv6 by /64), and ignores the header from anyone else', async () => {
  const proxied = await startRealtimeNode(database.db, {
    tuning: { chatPerAddress: { capacity: 10, perSecond: 0.001 } },
    trustedProxies: ['127.0.0.1'],
  });
  try {
    const sendFrom = async (url: string, forwardedFor: string, messages: number) => {
      const socket = await connect(url, { anonId: `guest-${randomBytes(6).toString('hex')}`, forwardedFor });
      await ok(call(socket, 'show:join', { showId: room.showId }));
      const results = [];
      for (let m = 0; m < messages; m++)
        results.push(await call(socket, 'chat:send', { text: `from ${forwardedFor} ${m}` }));
      socket.disconnect();
      return results.filter((result) => result.ok).length;
    };
    // one guest per connection may send 5 at most (per-connection bucket), so each address uses 3 connections
    const fromAddress = async (url: string, address: string) =>
      (await Promise.all([0, 1, 2].map(() => sendFrom(url, address, 4)))).reduce((a, b) => a + b, 0);
    expect(await fromAddress(proxied.url, '203.0.113.1')).toBe(10);
    expect(await fromAddress(proxied.url, '203.0.113.2')).toBe(10);
    expect(await fromAddress(proxied.url, '2001:db8:1:2::a')).toBe(10);
    expect(await fromAddress(proxied.url, '2001:db8:1:2::b')).toBe(0); // same /64: same subscriber
    // a node that trusts no proxy keys by the peer, whatever the header says
    const direct = await startRealtimeNode(database.db, {
      tuning: { chatPerAddress: { capacity: 10, perSecond: 0.001 } },
    });
    try {
      expect(await fromAddress(direct.url, '203.0.113.3')).toBe(10);
      expect(await fromAddress(direct.url, '203.0.113.4')).toBe(0);
    } finally {
      await direct.close();
    }
  } finally {
    await proxied.close();
  }
});
