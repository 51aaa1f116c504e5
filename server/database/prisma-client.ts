import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../../prisma/generated/client';

export type Database = PrismaClient;

const pools = new WeakMap<Database, pg.Pool>();

/** The one way the platform reaches PostgreSQL, embedded (PGlite over the wire protocol) or not. */
export function createDatabase(connectionString: string, poolSize = 10): Database {
  // Idle connections stay a minute (pg's default is 10 s): a pool that grew for a burst otherwise closes together
  // 10 s later and reopens on the next one, and each PostgreSQL backend that exits or forks costs the machine a
  // burst of system time (bench:chat saw every process stall ~100 ms every ~10 s from it).
  const pool = new pg.Pool({ connectionString, max: poolSize, idleTimeoutMillis: 60_000 });
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/**
 * The connection pool behind a Database, shared with Prisma (so the embedded single connection stays single).
 * Only for hot paths that batch raw SQL, where Prisma's per-query cost dominates (flash-sale group commit).
 */
export function sqlPool(db: Database): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('this Database was not made by createDatabase');
  return pool;
}
