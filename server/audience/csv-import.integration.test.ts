import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
import { importFollowersCsv, type ImportProgress } from './csv-import';

let database: TestDatabase;
let brandId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  brandId = (await database.db.brand.create({ data: { name: 'Acme', slug: `acme-${Date.now()}` } })).id;
});
afterAll(async () => database?.drop());

const csv = (text: string) => Readable.from([Buffer.from(text, 'utf8')]);

describe('CSV import of customers', () => {
  it('handles a BOM, quoted fields with commas, quotes and newlines, and tags', async () => {
    const file =
      '\uFEFFemail,Name,tags,External ID,LINE user id\r\n' +
      `ada@example.com,"Lovelace, Ada","vip;bags",C-1,U${'0'.repeat(32)}\r\n` +
      'grace@example.com,"Grace ""Amazing"" Hopper","shoes",C-2,\r\n' +
      'linus@example.com,"Linus\nTorvalds",,C-3,\r\n';
    const result = await importFollowersCsv(database.db, brandId, csv(file));
    expect(result).toMatchObject({ rows: 3, created: 3, updated: 0, failed: 0, fatal: null });
    const ada = await database.db.follower.findUnique({
      where: { brandId_email: { brandId, email: 'ada@example.com' } },
      include: { tags: { include: { tag: true } } },
    });
    expect(ada?.name).toBe('Lovelace, Ada');
    expect(ada?.externalId).toBe('C-1');
    expect(ada?.lineUserId).toBe(`U${'0'.repeat(32)}`);
    expect(ada?.tags.map((t) => t.tag.name).sort()).toEqual(['bags', 'vip']);
    const grace = await database.db.follower.findUnique({
      where: { brandId_email: { brandId, email: 'grace@example.com' } },
    });
    expect(grace?.name).toBe('Grace "Amazing" Hopper');
    const linus = await database.db.follower.findUnique({
      where: { brandId_email: { brandId, email: 'linus@example.com' } },
    });
    expect(linus?.name).toBe('Linus Torvalds');
  });

  it('reports every bad row with its line and reason and applies only the good ones', async () => {
    const file = [
      'email,name,external_id',
      'new1@example.com,New One,N-1', // 2 good
      'not-an-email,Bad,N-2', // 3 bad email
      'new1@example.com,Duplicate,N-3', // 4 duplicate email in the file
      ',No id,', // 5 no identifier
      'new2@example.com,Too,many,columns', // 6 wrong column count
      'ada@example.com,Ada Updated,', // 7 matches an existing follower: update
      'new3@example.com,Clash,C-2', // 8 external id of Grace with another email -> conflict? (C-2 is grace; email is new) -> update grace's email
      'grace@example.com,Grace,C-1', // 9 email of grace, external id of ada -> two different customers
    ].join('\n');
    const result = await importFollowersCsv(database.db, brandId, csv(file));
    expect(result.rows).toBe(8);
    expect(result.errors.map((error) => error.line).sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 9]);
    expect(result.errors.find((error) => error.line === 4)?.reason).toMatch(/duplicate email \(first on line 2\)/);
    expect(result.errors.find((error) => error.line === 3)?.reason).toMatch(/not a valid email/);
    expect(result.errors.find((error) => error.line === 9)?.reason).toMatch(/another customer/);
    expect(result).toMatchObject({ created: 1, updated: 2, failed: 5 });
    const ada = await database.db.follower.findUnique({
      where: { brandId_email: { brandId, email: 'ada@example.com' } },
    });
    expect(ada?.name).toBe('Ada Updated');
    expect(ada?.externalId).toBe('C-1');
    const grace = await database.db.follower.findFirst({ where: { brandId, externalId: 'C-2' } });
    expect(grace?.email).toBe('new3@example.com');
    // The refused duplicate never half-applied: the first row's name stands.
    expect(
      (await database.db.follower.findUnique({ where: { brandId_email: { brandId, email: 'new1@example.com' } } }))
        ?.name,
    ).toBe('New One');
  });

  it('refuses a file without an identifier column as a whole', async () => {
    const result = await importFollowersCsv(database.db, brandId, csv('name,tags\nAda,vip\n'));
    expect(result.fatal).toMatch(/needs at least one of/);
    expect(result.created).toBe(0);
  });

  it('streams 100,000 rows with progress', async () => {
    const total = 100_000;
    async function* rows() {
      yield 'email,name,tags\n';
      for (let start = 0; start < total; start += 5000) {
        let chunk = '';
        for (let i = start; i < start + 5000; i += 1)
          chunk += `bulk${i}@example.com,"Customer ${i}",${i % 7 === 0 ? 'lucky' : ''}\n`;
        yield chunk;
      }
    }
    const progress: ImportProgress[] = [];
    const started = Date.now();
    const result = await importFollowersCsv(database.db, brandId, Readable.from(rows()), (step) => progress.push(step));
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({ rows: total, created: total, failed: 0, fatal: null });
    expect(progress.length).toBeGreaterThanOrEqual(total / 5000);
    expect(progress.at(-1)?.rows).toBe(total);
    expect(await database.db.follower.count({ where: { brandId, email: { startsWith: 'bulk' } } })).toBe(total);
    const lucky = await database.db.followerTag.count({ where: { tag: { brandId, name: 'lucky' } } });
    expect(lucky).toBe(Math.ceil(total / 7));
    console.log(`imported ${total} rows in ${elapsed} ms`);
  });
});
