// `npm run test:topology`: the production topology alone (tests/topology/run-topology.ts), after the same set-up as
// `npm test` (dependencies, nginx/ffmpeg/chromium through apt, PostgreSQL and Redis reachable, Prisma client, web build).
import { run } from './setup-steps.mjs';
import { prepareTestRun } from './system-requirements.mjs';

const env = await prepareTestRun();
process.exit(run(process.execPath, ['--import', 'tsx', 'tests/topology/run-topology.ts'], { env }));
