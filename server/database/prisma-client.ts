import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../prisma/generated/client';

export type Database = PrismaClient;

/** The one way the platform reaches PostgreSQL, embedded (PGlite over the wire protocol) or not. */
export function createDatabase(connectionString: string, poolSize = 10): Database {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: poolSize }) });
}
