// `npm test`: install what is missing, check PostgreSQL and Redis, build, type-check, lint, run every test tier.
import { ensureDependencies, ensurePrismaClient, ensureWebBuild, fail, run } from './setup-steps.mjs';
import { buildWorker, existingWorker } from './mediasoup-worker.mjs';
import { ensureAptPackages, ensureServices } from './system-requirements.mjs';

const env = {
  ...process.env,
  TEST_DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/test',
  TEST_REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
};
// The tests choose per-test databases and modes themselves; inherited settings would leak into them.
for (const name of ['DATABASE_URL', 'REDIS_URL', 'STRIPE_SECRET_KEY', 'LIVECART_MODE']) delete env[name];

ensureDependencies();
ensureAptPackages();
await ensureServices(env.TEST_DATABASE_URL, env.TEST_REDIS_URL);
ensurePrismaClient();
ensureWebBuild();
// The mediasoup tests run for real: build the worker once per machine (cached outside the clone) or reuse it.
try {
  env.MEDIASOUP_WORKER_BIN = existingWorker()?.bin ?? await buildWorker();
} catch (error) {
  fail(`mediasoup worker build failed: ${error.message}`);
}

console.log('livecart: type-checking…');
if (run('npx', ['tsc', '-p', 'tsconfig.json'], { env }) !== 0) fail('type-check failed');

console.log('livecart: linting…');
if (run('npx', ['biome', 'lint', '.'], { env }) !== 0) fail('lint failed (npm run lint shows each problem)');

const filters = process.argv.slice(2);
process.exit(run('npx', ['vitest', 'run', ...filters], { env }));
