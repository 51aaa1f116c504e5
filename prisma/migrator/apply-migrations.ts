import { openSchemaEngine, readMigrationList } from './schema-engine';

/**
 * Applies every migration in prisma/migrations not yet recorded in _prisma_migrations; returns their names.
 * `before` (tests of a data migration): only the migrations whose folder name sorts before it.
 */
export async function applyMigrations(connectionString: string, options: { before?: string } = {}): Promise<string[]> {
  const { engine, close } = await openSchemaEngine(connectionString);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: await readMigrationList(options.before),
      filters: { externalTables: [], externalEnums: [] },
    });
    return appliedMigrationNames;
  } finally {
    await close();
  }
}
