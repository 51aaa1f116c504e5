import { openSchemaEngine, readMigrationList } from './schema-engine';

/** Applies every migration in prisma/migrations not yet recorded in _prisma_migrations; returns their names. */
export async function applyMigrations(connectionString: string): Promise<string[]> {
  const { engine, close } = await openSchemaEngine(connectionString);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: await readMigrationList(),
      filters: { externalTables: [], externalEnums: [] },
    });
    return appliedMigrationNames;
  } finally {
    await close();
  }
}
