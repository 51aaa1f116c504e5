// `npm start`: install what is missing or stale, build, then serve the whole platform on embedded defaults.
import { spawn } from 'node:child_process';
import { ensureDependencies, ensurePrismaClient, ensureWebBuild, root } from './setup-steps.mjs';

ensureDependencies();
ensurePrismaClient();
ensureWebBuild();

const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { NODE_ENV: 'production', ...process.env },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
