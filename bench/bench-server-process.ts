// A benchmark's server process (flash-sale, appointments): bench-server.ts forked with stdout piped, its
// `{"ready":…}` line read from stdout, and a stop that waits for it to exit (SIGKILL after 10 s).
import { fork, type ChildProcess } from 'node:child_process';

export interface BenchServerProcess<Ready> {
  child: ChildProcess;
  ready: Ready;
  stop(): Promise<void>;
}

/** Forks `script` and resolves with its ready line once printed (at most 180 s); BENCH_DEBUG echoes its stdout. */
export async function forkBenchServer<Ready>(
  script: string,
  env: NodeJS.ProcessEnv,
): Promise<BenchServerProcess<Ready>> {
  const child = fork(script, [], { env, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const ready = await new Promise<Ready>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('bench server did not start in 180 s')), 180_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (process.env.BENCH_DEBUG) process.stderr.write(chunk);
      const line = out.split('\n').find((candidate) => candidate.startsWith('{"ready"'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as Ready);
      }
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
  return { child, ready, stop };
}
