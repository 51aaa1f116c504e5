// Boots the real platform (server/main.ts: API, web pages, realtime, media) as a child process on a random port
// against a fresh PostgreSQL database with the demo seed. Needs the web build (npm test makes it).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { demoAccounts, demoPassword } from '../../server/seed/demo-seed';
import { createTestDatabase, testRedisUrl, type TestDatabase } from './test-database';

export interface RunningPlatform {
  baseUrl: string;
  database: TestDatabase;
  dataDir: string;
  demo: { password: string; accounts: typeof demoAccounts; showId: string; streamKey: string };
  output(): string;
  stop(): Promise<void>;
}

export interface PlatformOptions {
  env?: Record<string, string>;
  /** Use Redis for realtime fan-out and stock counters (as production does). */
  redis?: boolean;
}

export async function startPlatform(options: PlatformOptions = {}): Promise<RunningPlatform> {
  const root = path.resolve(import.meta.dirname, '../..');
  // Only the roles that serve pages need the web build (ROLE=media, realtime, worker do not load Next.js).
  const servesPages = ['all', 'web'].includes(options.env?.ROLE ?? 'all');
  if (servesPages && !existsSync(path.join(root, 'web/.next/BUILD_ID')))
    throw new Error('the web app is not built: run npm test (or npx next build web)');
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'livecart-platform-'));
  let log = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      LIVECART_MODE: 'embedded',
      DATABASE_URL: database.url,
      ...(options.redis ? { REDIS_URL: testRedisUrl } : {}),
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stopChild = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 8000).unref();
    });

  const ready = await new Promise<{ baseUrl: string; showId: string; streamKey: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`platform did not start in 60 s:\n${log}`)), 60_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const url = /ready at (http:\/\/\S+)/.exec(log)?.[1];
      const show = /\/shows\/(\w+) \(OBS stream key, shown once: (\S+)\)/.exec(log);
      if (url && show) {
        clearTimeout(timer);
        resolve({ baseUrl: url.replace('localhost', '127.0.0.1'), showId: show[1]!, streamKey: show[2]! });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`platform exited with ${code}:\n${log}`));
    });
  }).catch(async (error) => {
    await stopChild();
    await database.drop();
    throw error;
  });

  return {
    baseUrl: ready.baseUrl,
    database,
    dataDir,
    demo: { password: demoPassword, accounts: demoAccounts, showId: ready.showId, streamKey: ready.streamKey },
    output: () => log,
    async stop() {
      await stopChild();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
