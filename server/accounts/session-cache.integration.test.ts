import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
import { sqlPool } from '../database/prisma-client';
import { createMemoryEventBus } from '../realtime/event-bus';
import { createSessionCache } from './session-cache';
import { createSession } from './session-store';

let t: TestDatabase;
let userId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  userId = (await t.db.user.create({ data: { email: 'cache@example.com', name: 'Cache', passwordHash: 'x' } })).id;
});
afterAll(async () => t?.drop());

describe('session cache', () => {
  it('answers from memory within its time to live, then asks the database again', async () => {
    let clock = 1_000;
    const cache = createSessionCache(t.db, 150, 20_000, () => clock);
    const { token } = await createSession(t.db, userId);
    expect((await cache.resolve(token))?.userId).toBe(userId);
    await t.db.session.deleteMany({ where: { userId } }); // signed out on another node
    clock += 149;
    expect((await cache.resolve(token))?.userId).toBe(userId);
    clock += 2;
    expect(await cache.resolve(token)).toBeNull();
  });

  it('forgets a token at once on sign-out here', async () => {
    const cache = createSessionCache(t.db, 60_000);
    const { token } = await createSession(t.db, userId);
    expect(await cache.resolve(token)).not.toBeNull();
    await t.db.session.deleteMany({ where: { userId } });
    cache.forget(token);
    expect(await cache.resolve(token)).toBeNull();
  });

  it('forgets a token signed out on another process that shares sign-outs over the bus', async () => {
    const bus = createMemoryEventBus(); // each cache stands for one process
    const here = createSessionCache(t.db, 60_000);
    const there = createSessionCache(t.db, 60_000);
    const stops = [here.share(bus), there.share(bus)];
    const { token } = await createSession(t.db, userId);
    const other = await createSession(t.db, userId);
    expect((await there.resolve(token))?.userId).toBe(userId);
    expect((await there.resolve(other.token))?.userId).toBe(userId);
    await t.db.session.deleteMany({ where: { userId } });
    here.forget(token);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await there.resolve(token)).toBeNull();
    // Only that session: the other one is still answered from memory.
    expect((await there.resolve(other.token))?.userId).toBe(userId);
    for (const stop of stops) stop();
    await bus.close();
  });

  it('refreshes from the database on a socket handshake and keeps the answer for the requests after it', async () => {
    const cache = createSessionCache(t.db, 60_000);
    const { token } = await createSession(t.db, userId);
    expect((await cache.refresh(token))?.userId).toBe(userId);
    await t.db.session.deleteMany({ where: { userId } }); // revoked in the database
    expect((await cache.resolve(token))?.userId).toBe(userId);
    expect(await cache.refresh(token)).toBeNull();
    expect(await cache.resolve(token)).toBeNull();
  });

  it('keeps a session no longer than it lives', async () => {
    const cache = createSessionCache(t.db, 60_000);
    const { token } = await createSession(t.db, userId);
    await t.db.session.updateMany({ where: { userId }, data: { expiresAt: new Date(Date.now() + 300) } });
    expect((await cache.resolve(token))?.userId).toBe(userId);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await cache.resolve(token)).toBeNull();
  });

  it('reads every role of the user in every brand', async () => {
    const brands = await Promise.all(
      ['a', 'b'].map((slug) => t.db.brand.create({ data: { name: `Brand ${slug}`, slug: `roles-${slug}` } })),
    );
    await t.db.membership.createMany({
      data: [
        { userId, brandId: brands[0]!.id, role: 'ADMIN' },
        { userId, brandId: brands[0]!.id, role: 'HOST' },
        { userId, brandId: brands[1]!.id, role: 'ADVISOR' },
      ],
    });
    const { token } = await createSession(t.db, userId);
    const viewer = await createSessionCache(t.db).resolve(token);
    expect(viewer).toMatchObject({ userId, email: 'cache@example.com', name: 'Cache' });
    expect(viewer?.roles).toEqual(
      new Map([
        [brands[0]!.id, new Set(['ADMIN', 'HOST'])],
        [brands[1]!.id, new Set(['ADVISOR'])],
      ]),
    );
  });

  it('stays bounded when flooded with unknown tokens', async () => {
    const cache = createSessionCache(t.db, 60_000, 50);
    const { token } = await createSession(t.db, userId);
    await cache.resolve(token);
    for (let i = 0; i < 120; i += 1) expect(await cache.resolve(`unknown-${i}`)).toBeNull();
    expect(await cache.resolve('x'.repeat(101))).toBeNull();
    expect((await cache.resolve(token))?.userId).toBe(userId);
  });
  it('looks up a crowd’s sessions in a few queries, each with her own user and roles, unknown and expired ones null', async () => {
    const brand = await t.db.brand.create({ data: { name: 'Crowd', slug: 'crowd-sessions' } });
    const users = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        t.db.user.create({ data: { email: `crowd${i}@example.com`, name: `Crowd ${i}`, passwordHash: 'x' } }),
      ),
    );
    await t.db.membership.createMany({
      data: [
        { userId: users[7]!.id, brandId: brand.id, role: 'ADMIN' },
        { userId: users[7]!.id, brandId: brand.id, role: 'HOST' },
      ],
    });
    const tokens = await Promise.all(users.map(async (user) => (await createSession(t.db, user.id)).token));
    const expired = await createSession(t.db, users[0]!.id);
    await t.db.session.updateMany({
      where: { userId: users[0]!.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const pool = sqlPool(t.db);
    const query = pool.query.bind(pool);
    let lookups = 0;
    pool.query = ((...args: Parameters<typeof query>) => {
      if (String(args[0]).includes('"Session"')) lookups++;
      return query(...args);
    }) as typeof pool.query;
    try {
      const cache = createSessionCache(t.db, 60_000);
      // Each token asked twice at once (a page's parallel requests), plus unknown and expired tokens.
      const asked = [...tokens, ...tokens, 'no-such-token', expired.token];
      const viewers = await Promise.all(asked.map((token) => cache.resolve(token)));
      for (const [i, user] of users.entries()) {
        if (i === 0) continue; // her only session here is the expired one below, and the first one expired with it
        expect(viewers[i]?.userId).toBe(user.id);
        expect(viewers[i + users.length]?.userId).toBe(user.id);
      }
      expect(viewers[0]).toBeNull();
      expect(viewers.at(-2)).toBeNull();
      expect(viewers.at(-1)).toBeNull();
      expect([...(viewers[7]?.roles.get(brand.id) ?? [])].sort()).toEqual(['ADMIN', 'HOST']);
      expect(viewers[8]?.roles.size).toBe(0);
      expect(lookups).toBeGreaterThan(0);
      expect(lookups).toBeLessThanOrEqual(3);
    } finally {
      pool.query = query;
    }
  });

  it('does not keep an answer for a token signed out here while its lookup ran', async () => {
    const cache = createSessionCache(t.db, 60_000);
    const { token } = await createSession(t.db, userId);
    const answer = cache.resolve(token);
    cache.forget(token);
    expect((await answer)?.userId).toBe(userId); // the request already under way still sees her
    await t.db.session.deleteMany({ where: { userId } });
    expect(await cache.resolve(token)).toBeNull();
  });
});
