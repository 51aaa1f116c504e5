// Shared set-up steps for `npm start` and `npm test`: each step does its work only when its inputs changed.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

export function fail(message) {
  console.error(`livecart: ${message}`);
  process.exit(1);
}

// Next.js telemetry stays off unless the operator sets NEXT_TELEMETRY_DISABLED themselves (empty to opt in).
const quietEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? '1' };

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: quietEnv, ...options });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

function hashFiles(entries) {
  const hash = createHash('sha256');
  const visit = (target) => {
    if (!existsSync(target)) return;
    const info = statSync(target);
    if (info.isDirectory()) {
      for (const name of readdirSync(target).sort()) {
        if (name === 'node_modules' || name === '.next' || name === 'generated' || name.startsWith('.')) continue;
        visit(path.join(target, name));
      }
    } else {
      hash.update(path.relative(root, target));
      hash.update(readFileSync(target));
    }
  };
  for (const entry of entries) visit(path.join(root, entry));
  return hash.digest('hex');
}

function stamped(stampFile, inputs, work) {
  const digest = hashFiles(inputs);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === digest) return false;
  work();
  mkdirSync(path.dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, digest);
  return true;
}

export function ensureDependencies() {
  stamped(path.join(root, 'node_modules/.livecart-install'), ['package.json', 'package-lock.json'], () => {
    console.log('livecart: installing dependencies (npm install)…');
    // Not `npm ci`: npm 11 leaves other platforms' optional packages out of the lock file, and ci then refuses it.
    // --no-save keeps package.json and the lock file as committed.
    if (run('npm', ['install', '--no-save', '--no-audit', '--no-fund']) !== 0)
      fail('npm install failed (is the npm registry reachable?)');
  });
}

export function ensurePrismaClient() {
  stamped(path.join(root, 'prisma/generated/.livecart-generate'), ['prisma/schema.prisma'], () => {
    // Any executable satisfies the CLI's engine check; generate itself needs no native engine.
    const status = run('npx', ['prisma', 'generate'], {
      env: { ...quietEnv, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true' },
    });
    if (status !== 0) fail('prisma generate failed');
  });
}

export function ensureWebBuild() {
  stamped(path.join(root, 'web/.next/.livecart-build'), ['web', 'server', 'media/browser', 'package-lock.json'], () => {
    console.log('livecart: building the web app (next build)…');
    if (run('npx', ['next', 'build', 'web']) !== 0) fail('next build failed');
  });
}
