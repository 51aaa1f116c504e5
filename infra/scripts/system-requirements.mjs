// What `npm test` needs from the machine, installed through apt where the process may, or named clearly.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { ensureDependencies, ensurePrismaClient, ensureWebBuild, fail } from './setup-steps.mjs';

const aptPackages = {
  ffmpeg: '/usr/bin/ffmpeg',
  chromium: '/usr/bin/chromium',
  // The topology test runs infra/nginx's config (as a child with its own prefix; the system service is not used).
  nginx: '/usr/sbin/nginx',
  // Transaction pooling in front of PostgreSQL (server/commerce/flash-sale-reconnect.integration.test.ts).
  pgbouncer: '/usr/sbin/pgbouncer',
};

/**
 * Installs the named Debian packages that are missing (apt-get, when this process runs as root). Otherwise one line
 * names what to install: fatal for `npm test`; `npm start` serves anyway and health says what media lacks.
 */
export function ensureAptPackages(names = Object.keys(aptPackages), { fatal = true } = {}) {
  const missingNow = () => names.filter((name) => !existsSync(aptPackages[name]));
  const missing = missingNow();
  if (missing.length === 0) return true;
  const report = (message) => {
    if (fatal) fail(message);
    console.error(`livecart: ${message}`);
    return false;
  };
  if (process.getuid?.() !== 0)
    return report(`missing ${missing.join(' and ')}: run "sudo apt-get install -y ${missing.join(' ')}"`);
  console.log(`livecart: installing ${missing.join(', ')} with apt-get…`);
  const quiet = { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  spawnSync('apt-get', ['update', '-qq'], quiet);
  const result = spawnSync('apt-get', ['install', '-y', '-qq', ...missing], quiet);
  const still = missingNow();
  if (result.status !== 0 || still.length) return report(`missing ${still.join(' and ')}: apt-get install failed`);
  return true;
}

function reachable(url, defaultPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || '127.0.0.1', port: Number(port || defaultPort) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function ensureServices(databaseUrl, redisUrl) {
  const [pg, redis] = await Promise.all([reachable(databaseUrl, 5432), reachable(redisUrl, 6379)]);
  const missing = [];
  if (!pg) missing.push(`PostgreSQL at ${new URL(databaseUrl).host} (set DATABASE_URL)`);
  if (!redis) missing.push(`Redis at ${new URL(redisUrl).host} (set REDIS_URL)`);
  if (missing.length) fail(`tests need ${missing.join(' and ')}, which did not answer`);
}

/**
 * The set-up `npm test` and `npm run test:topology` share: dependencies, apt packages, PostgreSQL and Redis reachable,
 * the Prisma client and the web build. Returns the tests' environment: the services as TEST_* URLs, and none of the
 * settings that would leak into the per-test databases and modes the tests choose themselves.
 */
export async function prepareTestRun() {
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
  return env;
}
