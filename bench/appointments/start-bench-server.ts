// The appointments benchmarks' server: bench-server.ts with BENCH_CUSTOMERS customers seeded (../bench-server-process.ts),
// its seed, and IPC probes for its CPU time and per-phase CPU profiles (BENCH_PROFILE).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { forkBenchServer } from '../bench-server-process';

export interface BenchSeed {
  tokens: string[];
  csrf: string;
  brandId: string;
  boutiqueIds: string[];
  typeId: string;
  databaseUrl: string;
}

export async function startBenchServer(customers: number) {
  const { child, ready, stop } = await forkBenchServer<{ baseUrl: string; seedFile: string }>(
    path.join(import.meta.dirname, 'bench-server.ts'),
    { ...process.env, BENCH_CUSTOMERS: String(customers), NODE_ENV: 'production' },
  );
  const seed = JSON.parse(await readFile(ready.seedFile, 'utf8')) as BenchSeed;
  // BENCH_PROFILE=<dir>: the server writes a CPU profile of each phase there; the server's CPU time per phase is
  // reported either way (it is what the load average on a shared machine does not distort much).
  let asked = 0;
  const probe = (request: { probe: 'cpu' | 'profile-start' | 'profile-stop'; phase?: string }) =>
    new Promise<{ cpu?: NodeJS.CpuUsage; file?: string }>((resolve) => {
      const id = ++asked;
      const onMessage = (message: { id: number; cpu?: NodeJS.CpuUsage; file?: string }) => {
        if (message.id !== id) return;
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
      child.send({ id, ...request });
    });
  const phase = async (name: string, run: () => Promise<void>) => {
    await probe({ probe: 'profile-start' });
    const before = (await probe({ probe: 'cpu' })).cpu!;
    await run();
    const after = (await probe({ probe: 'cpu' })).cpu!;
    await probe({ probe: 'profile-stop', phase: name });
    return Math.round((after.user - before.user + after.system - before.system) / 1000);
  };
  return { ...ready, seed, stop, phase, probe };
}
