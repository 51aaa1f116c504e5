// The platform's processes for the topology test: `server/main.ts` in production mode, one per ROLE instance,
// each on its own port, sharing PostgreSQL, Redis (under a run-specific key prefix) and one data dir.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../server/boot/free-port';

export type ProcessRole = 'web' | 'realtime' | 'media' | 'worker';

export interface PlatformProcess {
  name: string;
  role: ProcessRole;
  port: number;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: the process dies mid-work, as on a crashed host. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '../..');

export async function startProcess(
  name: string,
  role: ProcessRole,
  env: Record<string, string>,
): Promise<PlatformProcess> {
  const port = await freePort();
  let log = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      LIVECART_MODE: 'production',
      ROLE: role,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 240 s:\n${log}`)), 150_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (/ready at http/.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before it was ready:\n${log}`));
    });
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
    await exited;
    clearTimeout(timer);
  };
  return { name, role, port, child, output: () => log, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}
