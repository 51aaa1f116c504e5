import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
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

  it('stays bounded when flooded with unknown tokens', async () => {
    const cache = createSessionCache(t.db, 60_000, 50);
    const { token } = await createSession(t.db, userId);
    await cache.resolve(token);
    for (let i = 0; i < 120; i += 1) expect(await cache.resolve(`unknown-${i}`)).toBeNull();
    expect(await cache.resolve('x'.repeat(101))).toBeNull();
    expect((await cache.resolve(token))?.userId).toBe(userId);
  });
});
