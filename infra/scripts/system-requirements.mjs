// What `npm test` needs from the machine, installed through apt where the process may, or named clearly.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { fail } from './setup-steps.mjs';

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
  if (process.getuid?.() !== 0) return report(`missing ${missing.join(' and ')}: run "sudo apt-get install -y ${missing.join(' ')}"`);
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
