// `npm run test:topology`: the production topology alone (tests/topology/run-topology.ts), after the same set-up as
// `npm test` (dependencies, nginx/ffmpeg/chromium through apt, PostgreSQL and Redis reachable, Prisma client, web build).
import { ensureDependencies, ensurePrismaClient, ensureWebBuild, run } from './setup-steps.mjs';
import { ensureAptPackages, ensureServices } from './system-requirements.mjs';

const env = {
  ...process.env,
  TEST_DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/test',
  TEST_REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
};
for (const name of ['DATABASE_URL', 'REDIS_URL', 'STRIPE_SECRET_KEY', 'LIVECART_MODE']) delete env[name];

ensureDependencies();
ensureAptPackages();
await ensureServices(env.TEST_DATABASE_URL, env.TEST_REDIS_URL);
ensurePrismaClient();
ensureWebBuild();
process.exit(run(process.execPath, ['--import', 'tsx', 'tests/topology/run-topology.ts'], { env }));
