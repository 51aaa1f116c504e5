// `npm start`: install what is missing or stale, build, then serve the whole platform on embedded defaults.
// The mediasoup worker builds in the background when it is missing: the platform serves on werift meanwhile.
import { spawn } from 'node:child_process';
import { workerEnvironment } from './mediasoup-worker.mjs';
import { ensureDependencies, ensurePrismaClient, ensureWebBuild, root } from './setup-steps.mjs';
import { ensureAptPackages } from './system-requirements.mjs';

ensureDependencies();
ensureAptPackages(['ffmpeg'], { fatal: false });
ensurePrismaClient();
ensureWebBuild();

// Where the worker is not there yet the server watches its cache path and moves new shows to mediasoup when it appears
// (media/engine/engine-selector.ts; tests/api/media-engine-switch.integration.test.ts runs this hand-over).
const worker = workerEnvironment(process.env);
const env = { NODE_ENV: 'production', ...process.env, ...worker.env };
let build = null;
if (worker.build) {
  console.log('livecart: building the mediasoup worker in the background; shows use werift until it is ready');
  build = spawn(process.execPath, ['infra/scripts/mediasoup-worker.mjs', '--background'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  build.on('exit', () => {
    build = null;
  });
}

const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    build?.kill(signal);
    child.kill(signal);
  });
}
child.on('exit', (code, signal) => {
  build?.kill('SIGTERM');
  process.exit(code ?? (signal ? 1 : 0));
});
