import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
import { seedAudience, type SeededAudience } from '../announcements/testing/seed-audience';
import { countMatching, createSegment } from './segment-service';

let database: TestDatabase;
let audience: SeededAudience;
beforeAll(async () => {
  database = await createTestDatabase();
  // 30 followers: vip = every 10th, bags = every 3rd, even = every 2nd.
  audience = await seedAudience(database.db, { followers: 30 });
});
afterAll(async () => database?.drop());

describe('segment logic against the database', () => {
  it('counts AND, OR and NOT exactly', async () => {
    const { vip, bags, even } = audience.tagIds;
    const count = (filter: Parameters<typeof countMatching>[2]) => countMatching(database.db, audience.brandId, filter);
    expect(await count(null)).toBe(30);
    expect(await count({ tag: vip })).toBe(3);
    expect(await count({ or: [{ tag: bags }, { tag: vip }] })).toBe(12);
    expect(await count({ and: [{ tag: vip }, { not: { tag: bags } }] })).toBe(2);
    expect(await count({ and: [{ tag: bags }, { not: { tag: even } }] })).toBe(5);
    expect(await count({ not: { or: [{ tag: bags }, { tag: even }] } })).toBe(10);
    expect(await count({ and: [{ tag: bags }, { tag: even }, { tag: vip }] })).toBe(1);
  });

  it('refuses a filter with another brand’s tag', async () => {
    const other = await seedAudience(database.db, { followers: 1 });
    await expect(
      createSegment(database.db, audience.brandId, { name: 'x', filter: { tag: other.tagIds.vip } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(countMatching(database.db, audience.brandId, { tag: other.tagIds.vip })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
