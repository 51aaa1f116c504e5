// `npm test`: install what is missing, check PostgreSQL and Redis, build, type-check, lint, run every test tier.
import { fail, run } from './setup-steps.mjs';
import { buildWorker, existingWorker } from './mediasoup-worker.mjs';
import { prepareTestRun } from './system-requirements.mjs';

const env = await prepareTestRun();
// The mediasoup tests run for real: build the worker once per machine (cached outside the clone) or reuse it.
try {
  env.MEDIASOUP_WORKER_BIN = existingWorker()?.bin ?? (await buildWorker());
} catch (error) {
  fail(`mediasoup worker build failed: ${error.message}`);
}

console.log('livecart: type-checking…');
if (run('npx', ['tsc', '-p', 'tsconfig.json'], { env }) !== 0) fail('type-check failed');

console.log('livecart: linting and checking the format…');
if (run('npx', ['biome', 'lint', '.'], { env }) !== 0) fail('lint failed (npm run lint shows each problem)');
if (run('npx', ['biome', 'format', '.'], { env }) !== 0) fail('formatting differs (npm run format fixes it)');

const filters = process.argv.slice(2);
process.exit(run('npx', ['vitest', 'run', ...filters], { env }));
