import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
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
});
