import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
import { applyMigrations } from './apply-migrations';
import { createMigration } from './create-migration';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

describe('migrations', () => {
  it('applies nothing on a second run and records what was applied', async () => {
    expect(await applyMigrations(t.url)).toEqual([]);
    const rows = await t.db.$queryRaw<Array<{ migration_name: string; finished_at: Date | null }>>`
      SELECT migration_name, finished_at FROM _prisma_migrations`;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.finished_at !== null)).toBe(true);
  });

  it('creates no new migration while the schema matches the last one', async () => {
    expect(await createMigration('nothing_changed', t.url)).toBeNull();
  });

  it('rejects a migration name that is not snake case', async () => {
    await expect(createMigration('Drop Table', t.url)).rejects.toThrow(/lower_snake_case/);
  });
});
