import path from 'node:path';
import { applyMigrations } from '../../prisma/migrator/apply-migrations';
import { createDatabase, type Database } from '../database/prisma-client';
import { startEmbeddedPostgres } from '../database/embedded-postgres';

export interface OpenedDatabase {
  db: Database;
  url: string;
  embedded: boolean;
  applied: string[];
  close(): Promise<void>;
}

/** DATABASE_URL when given, else the embedded PostgreSQL in the data dir; migrated either way. */
export async function openDatabase(databaseUrl: string | null, dataDir: string): Promise<OpenedDatabase> {
  const embedded = databaseUrl ? null : await startEmbeddedPostgres(path.join(dataDir, 'pglite'));
  const url = databaseUrl ?? embedded!.url;
  try {
    const applied = await applyMigrations(url);
    // pglite-socket serialises whole transactions but not the extended-protocol messages of separate
    // connections, so concurrent connections can interleave Parse/Bind/Execute ("portal does not exist").
    // One connection keeps the embedded database correct under load; PostgreSQL gets a real pool.
    const db = createDatabase(url, embedded ? 1 : 20);
    return {
      db,
      url,
      embedded: Boolean(embedded),
      applied,
      async close() {
        await db.$disconnect();
        await embedded?.close();
      },
    };
  } catch (error) {
    await embedded?.close();
    throw error;
  }
}
