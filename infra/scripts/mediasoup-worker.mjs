// The mediasoup worker binary: mediasoup's own (its install downloaded one) or one built here from the installed
// package's worker/ sources against Debian's libraries, with the patches next to this file, cached outside the clone
// by version + patch hash so a machine builds it once. `node infra/scripts/mediasoup-worker.mjs` builds (or reuses)
// it in the foreground and prints its path; start.mjs runs the same build in the background.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
  copyFileSync,
  chmodSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './setup-steps.mjs';

const patchDir = path.join(root, 'infra/scripts/mediasoup-worker');
const packageDir = path.join(root, 'node_modules/mediasoup');
/** Part of the cache key: changing how the worker is configured must rebuild it. */
const recipe = 'meson --buildtype=release -Dms_disable_liburing=true; ninja fbs/FBS; ninja mediasoup-worker';
const aptPackages = [
  'meson',
  'ninja-build',
  'pkg-config',
  'g++',
  'libssl-dev',
  'libabsl-dev',
  'libsrtp2-dev',
  'libusrsctp-dev',
  'libflatbuffers-dev',
  'flatbuffers-compiler',
  'libuv1-dev',
  'patch',
];
const pkgConfigModules = ['openssl', 'libuv', 'libsrtp2', 'usrsctp', 'flatbuffers', 'absl_flat_hash_map', 'absl_btree'];

export function mediasoupVersion() {
  return JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version;
}

function patchFiles() {
  return readdirSync(patchDir)
    .filter((name) => name.endsWith('.patch'))
    .sort()
    .map((name) => path.join(patchDir, name));
}

export function cacheKey() {
  const hash = createHash('sha256').update(recipe);
  for (const file of patchFiles()) hash.update(path.basename(file)).update(readFileSync(file));
  return `${mediasoupVersion()}-${hash.digest('hex').slice(0, 12)}`;
}

function cacheRoot(env = process.env) {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'livecart/mediasoup-worker');
}

/** Where the built worker lives (or will). The server reads `<bin>.status` next to it while it is being built. */
export function cachedWorkerPath(env = process.env) {
  return path.join(cacheRoot(env), cacheKey(), 'mediasoup-worker');
}

/** The worker mediasoup's own install put in place (machines where its postinstall may download it). */
function packagedWorkerPath() {
  const bin = path.join(packageDir, 'worker/out/Release/mediasoup-worker');
  return existsSync(bin) ? bin : null;
}

/** { bin, source } when a worker exists now; otherwise null (a build is needed). */
export function existingWorker(env = process.env) {
  if (env.MEDIASOUP_WORKER_BIN && existsSync(env.MEDIASOUP_WORKER_BIN)) {
    return { bin: env.MEDIASOUP_WORKER_BIN, source: 'MEDIASOUP_WORKER_BIN' };
  }
  const packaged = packagedWorkerPath();
  if (packaged) return { bin: packaged, source: 'mediasoup package' };
  const cached = cachedWorkerPath(env);
  return existsSync(cached) ? { bin: cached, source: 'cache' } : null;
}

/**
 * Puts a built worker at `bin` the way a running server may see it appear: copied to a temporary name, made
 * executable, then renamed into place in one step (the server starts mediasoup as soon as the path exists), and the
 * build's status file removed.
 */
export function placeWorker(built, bin) {
  const temporary = `${bin}.tmp`;
  copyFileSync(built, temporary);
  chmodSync(temporary, 0o755);
  renameSync(temporary, bin);
  rmSync(`${bin}.status`, { force: true });
}

/**
 * What `npm start` gives the server for the engine (env.MEDIASOUP_WORKER_BIN: the worker that exists, or the cache path a
 * background build will fill, which the server watches) and whether that build is needed. MEDIA_ENGINE=werift: nothing.
 */
export function workerEnvironment(env = process.env) {
  if (env.MEDIA_ENGINE === 'werift') return { env: {}, build: false };
  const found = existingWorker(env);
  return { env: { MEDIASOUP_WORKER_BIN: found?.bin ?? cachedWorkerPath(env) }, build: !found };
}

function missingBuildTools() {
  const hasCommand = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
  const tools = ['meson', 'ninja', 'pkg-config', 'c++', 'flatc', 'patch'].every(hasCommand);
  const libs = tools && spawnSync('pkg-config', ['--exists', ...pkgConfigModules], { stdio: 'ignore' }).status === 0;
  return !tools || !libs;
}

function ensureBuildTools(log) {
  if (!missingBuildTools()) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`build tools missing: run "sudo apt-get install -y ${aptPackages.join(' ')}"`);
  }
  log('installing the worker build tools with apt-get…');
  const quiet = { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  spawnSync('apt-get', ['update', '-qq'], quiet);
  const result = spawnSync('apt-get', ['install', '-y', '-qq', ...aptPackages], quiet);
  if (result.status !== 0 || missingBuildTools()) throw new Error(`apt-get install ${aptPackages.join(' ')} failed`);
}

function step(command, args, cwd, onLine) {
  return new Promise((resolve, reject) => {
    // niced: the machine is shared and the platform keeps serving while this runs.
    const child = spawn('nice', ['-n', '10', command, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const take = (chunk) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split('\n')) if (line) onLine?.(line);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) return resolve();
      const reason =
        tail
          .split('\n')
          .reverse()
          .find((line) => /error|failed/i.test(line)) ?? `exit code ${code}`;
      reject(new Error(`${command} ${args[0] ?? ''} failed: ${reason.trim().slice(0, 300)}`));
    });
  });
}

/** Another process (a parallel `npm test`, a second clone) may be building the same key: wait for it. */
function takeLock(dir) {
  const lock = path.join(dir, 'build.lock');
  try {
    mkdirSync(lock);
    writeFileSync(path.join(lock, 'pid'), String(process.pid));
    return () => rmSync(lock, { recursive: true, force: true });
  } catch {
    const pid = Number(readStatus(path.join(lock, 'pid')) ?? -1);
    // No pid yet: the other process is between mkdir and write, so it is alive.
    const alive =
      pid === -1 ||
      (() => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      })();
    if (!alive) {
      rmSync(lock, { recursive: true, force: true });
      return takeLock(dir);
    }
    return null;
  }
}

/**
 * Builds the worker into the cache unless it is there already; resolves to its path. `log` gets progress lines
 * (about every 10 % of the compile). Rejects with a one-line reason.
 */
export async function buildWorker(log = (line) => console.log(`livecart: mediasoup worker: ${line}`)) {
  const bin = cachedWorkerPath();
  const dir = path.dirname(bin);
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const status = `${bin}.status`;
  const release = takeLock(dir);
  if (!release) {
    log('another process is building it; waiting…');
    while (!existsSync(bin)) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      if (!existsSync(path.join(dir, 'build.lock')) && !existsSync(bin))
        throw new Error((readStatus(status) ?? 'the other build stopped').replace(/^failed: /, ''));
    }
    log(`ready: ${bin}`);
    return bin;
  }
  const started = Date.now();
  const work = path.join(dir, 'work');
  try {
    writeFileSync(status, 'building');
    ensureBuildTools(log);
    rmSync(work, { recursive: true, force: true });
    cpSync(path.join(packageDir, 'worker'), path.join(work, 'worker'), { recursive: true });
    for (const file of patchFiles()) {
      const applied = spawnSync('patch', ['-p1', '--forward', '--quiet', '-i', file], { cwd: work, encoding: 'utf8' });
      if (applied.status !== 0)
        throw new Error(`patch ${path.basename(file)} does not apply to mediasoup ${mediasoupVersion()}`);
    }
    const source = path.join(work, 'worker');
    log(`building mediasoup ${mediasoupVersion()} worker from source (about 11 min on 2 cores)…`);
    await step('meson', ['setup', 'build', '--buildtype=release', '-Dms_disable_liburing=true'], source);
    // The generated flatbuffers headers are not declared as dependencies of the sources that include them.
    await step('ninja', ['-C', 'build', 'fbs/FBS'], source);
    let lastTenth = -1;
    await step(
      'ninja',
      ['-C', 'build', `-j${Math.max(1, os.availableParallelism())}`, 'mediasoup-worker'],
      source,
      (line) => {
        const match = /^\[(\d+)\/(\d+)\]/.exec(line);
        if (!match) return;
        const tenth = Math.floor((Number(match[1]) / Number(match[2])) * 10);
        if (tenth > lastTenth) {
          lastTenth = tenth;
          writeFileSync(status, `building ${tenth * 10}%`);
          log(`compiling ${tenth * 10}% (${match[1]}/${match[2]})`);
        }
      },
    );
    placeWorker(path.join(source, 'build/mediasoup-worker'), bin);
    rmSync(work, { recursive: true, force: true });
    log(`ready in ${Math.round((Date.now() - started) / 1000)} s: ${bin}`);
    return bin;
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    writeFileSync(status, `failed: ${reason}`);
    throw new Error(reason);
  } finally {
    release();
  }
}

function readStatus(file) {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  const found = existingWorker();
  if (process.argv.includes('--existing')) {
    // Tests and benchmarks: the path when a worker exists, no build.
    if (!found) {
      console.error(`livecart: no mediasoup worker (build it with: node infra/scripts/mediasoup-worker.mjs)`);
      process.exit(2);
    }
    console.log(found.bin);
  } else if (found) {
    console.log(found.bin);
  } else {
    try {
      console.log(await buildWorker((line) => console.error(`livecart: mediasoup worker: ${line}`)));
    } catch (error) {
      const fallback = process.argv.includes('--background') ? '; shows keep using werift' : '';
      console.error(`livecart: mediasoup worker build failed: ${error.message}${fallback}`);
      process.exit(1);
    }
  }
}
