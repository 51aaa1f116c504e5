// The PgBouncer helper with a password in the database URL (a test database that needs one): the login goes into
// users.txt and the [databases] entry, and clients must give it; it used to write an empty password and trust auth.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPgBouncer, type PgBouncer } from './pgbouncer';
import { testPostgresUrl } from './test-database';

const role = `livecart_pgb_${randomBytes(4).toString('hex')}`;
const password = `s3cret 'quoted' "double" ${randomBytes(4).toString('hex')}`;
const database = new URL(testPostgresUrl).pathname.slice(1);
let bouncer: PgBouncer;

const admin = async (sql: string) => {
  const client = new pg.Client({ connectionString: testPostgresUrl });
  await client.connect();
  await client.query(sql).finally(() => client.end());
};
const currentUser = async (url: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ who: string }>('SELECT current_user AS who')).rows[0]!.who;
  } finally {
    await client.end();
  }
};

beforeAll(async () => {
  await admin(`CREATE ROLE "${role}" LOGIN PASSWORD '${password.replace(/'/g, "''")}'`);
  const target = new URL(testPostgresUrl);
  target.username = role;
  target.password = encodeURIComponent(password);
  bouncer = await startPgBouncer(1, target.toString());
});
afterAll(async () => {
  await bouncer?.close();
  await admin(`DROP ROLE IF EXISTS "${role}"`);
});

it('logs in through the proxy with the URL password, as that user, and refuses a wrong one', async () => {
  const url = bouncer.urlFor(database);
  expect(decodeURIComponent(new URL(url).password)).toBe(password);
  expect(await currentUser(url)).toBe(role);
  const wrong = new URL(url);
  wrong.password = 'not-the-password';
  await expect(currentUser(wrong.toString())).rejects.toThrow(/password|authentication/i);
});
