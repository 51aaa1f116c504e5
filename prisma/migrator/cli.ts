// npm run db:migrate            -> apply pending migrations to DATABASE_URL (or the embedded database)
// npm run db:migration:new NAME -> write a new migration from changes to prisma/schema.prisma
import { applyMigrations } from './apply-migrations';
import { createMigration } from './create-migration';

const [command, name] = process.argv.slice(2);
const url = process.env.DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/test';

try {
  if (command === 'apply') {
    const applied = await applyMigrations(url);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date, nothing applied');
  } else if (command === 'new' && name) {
    const dir = await createMigration(name, url);
    console.log(dir ? `created ${dir}` : 'schema unchanged, no migration created');
  } else {
    console.error('usage: cli.ts apply | new <name>');
    process.exitCode = 2;
  }
} catch (error) {
  console.error(`migration failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  process.exitCode = 1;
}
