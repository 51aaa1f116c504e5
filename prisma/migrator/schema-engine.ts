// Prisma's WebAssembly schema engine, driven through the pg driver adapter. The native engine binary cannot be
// downloaded on offline machines; this engine applies and diffs the same standard migrations folder.
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';

const here = path.dirname(fileURLToPath(import.meta.url));
export const prismaDir = path.resolve(here, '..');
export const schemaPath = path.join(prismaDir, 'schema.prisma');
export const migrationsDir = path.join(prismaDir, 'migrations');

type EngineModule = typeof import('@prisma/schema-engine-wasm');
let engineModule: Promise<EngineModule> | undefined;

// Node 20 cannot import .wasm as an ES module, so the wasm-bindgen glue is wired up by hand.
async function loadEngineModule(): Promise<EngineModule> {
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const glue = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as EngineModule & {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
  };
  const bytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': glue as never });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

export async function readSchema(): Promise<string> {
  return readFile(schemaPath, 'utf8');
}

export interface OpenEngine {
  engine: SchemaEngine;
  /** Frees the engine and closes its connections (which hold the migration advisory lock). */
  close(): Promise<void>;
}

/**
 * adapter-pg's executeScript splits a migration on every ";", which breaks dollar-quoted function bodies
 * (prisma/migrations/*_flash_sale_batch_function). PostgreSQL's simple query protocol runs a whole
 * multi-statement script itself, in one implicit transaction, so the script goes over as it is (a migration
 * that adds an enum value and uses it at once would have to be split in two).
 */
function wholeScripts(factory: PrismaPg, pool: pg.Pool): PrismaPg {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const mapError = (adapter as unknown as { onError(error: unknown): never }).onError.bind(adapter);
    adapter.executeScript = async (script: string) => {
      await pool.query(script).catch(mapError);
    };
    return adapter;
  };
  return factory;
}

export async function openSchemaEngine(connectionString: string): Promise<OpenEngine> {
  engineModule ??= loadEngineModule();
  const { SchemaEngine } = await engineModule;
  const pool = new pg.Pool({ connectionString, max: 2 });
  const adapter = bindMigrationAwareSqlAdapterFactory(wholeScripts(new PrismaPg(pool), pool));
  const engine = await SchemaEngine.new({ datamodels: [[schemaPath, await readSchema()]] }, () => {}, adapter);
  return {
    engine,
    async close() {
      engine.free();
      await pool.end();
    },
  };
}

export async function readMigrationList(before?: string): Promise<MigrationList> {
  const lockfilePath = 'migration_lock.toml';
  const lockContent = await readFile(path.join(migrationsDir, lockfilePath), 'utf8').catch(() => null);
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const directories = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory() && (before === undefined || entry.name < before))
      .map(async (entry) => ({
        path: entry.name,
        migrationFile: {
          path: 'migration.sql',
          content: await readFile(path.join(migrationsDir, entry.name, 'migration.sql'), 'utf8')
            .then((value) => ({ tag: 'ok' as const, value }))
            .catch((error: Error) => ({ tag: 'error' as const, value: error.message })),
        },
      })),
  );
  directories.sort((a, b) => a.path.localeCompare(b.path));
  return {
    baseDir: migrationsDir,
    lockfile: { path: lockfilePath, content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories: directories,
  };
}
