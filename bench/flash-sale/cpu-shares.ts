// Where the two cores go during a benchmark phase: CPU seconds of the server process, this client process,
// every PostgreSQL backend and Redis, read from /proc before and after (Linux). Everything else on the machine
// shows up as "other", so a noisy run is visible in the output instead of hiding in the figures.
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';

type Snapshot = Map<number, { name: string; seconds: number }>;

async function snapshot(): Promise<Snapshot> {
  const result: Snapshot = new Map();
  for (const entry of await readdir('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Own time plus that of children already waited for (PostgreSQL's short-lived autovacuum workers).
      result.set(pid, {
        name,
        seconds: (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100,
      });
    } catch {
      // the process ended meanwhile
    }
  }
  return result;
}

export interface CpuShares {
  /** Percent of one core per part over the phase. */
  server: number;
  client: number;
  postgres: number;
  redis: number;
  other: number;
  /** The biggest other processes by name, e.g. "chromium 60, ffmpeg 12". */
  otherTop: string;
  /** Kernel time not charged to any process (network interrupts and softirqs: loopback TCP between the parts). */
  kernel: number;
  /** Idle percent of the whole machine (100 = every core idle). */
  idle: number;
}

/** Clock ticks (100 Hz) the machine spent in interrupts and softirqs, from the first line of /proc/stat. */
async function interruptTicks(): Promise<number> {
  const [, , , , , , irq, softirq] = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!.trim().split(/\s+/);
  return Number(irq) + Number(softirq);
}

export async function measureCpuShares(serverPid: number): Promise<() => Promise<CpuShares>> {
  const before = await snapshot();
  const interruptsBefore = await interruptTicks();
  const idleBefore = os.cpus().reduce((sum, cpu) => sum + cpu.times.idle, 0);
  const started = performance.now();
  return async () => {
    const after = await snapshot();
    const interrupts = ((await interruptTicks()) - interruptsBefore) / 100;
    const wall = (performance.now() - started) / 1000;
    const idleAfter = os.cpus().reduce((sum, cpu) => sum + cpu.times.idle, 0);
    const parts = { server: 0, client: 0, postgres: 0, redis: 0, other: 0 };
    const others = new Map<string, number>();
    for (const [pid, { name, seconds }] of after) {
      const used = seconds - (before.get(pid)?.seconds ?? 0);
      if (used <= 0) continue;
      const part =
        pid === serverPid
          ? 'server'
          : pid === process.pid
            ? 'client'
            : name === 'postgres'
              ? 'postgres'
              : name.startsWith('redis')
                ? 'redis'
                : 'other';
      parts[part] += used;
      if (part === 'other') others.set(name, (others.get(name) ?? 0) + used);
    }
    const pct = (seconds: number) => Math.round((1000 * seconds) / wall) / 10;
    return {
      server: pct(parts.server),
      client: pct(parts.client),
      postgres: pct(parts.postgres),
      redis: pct(parts.redis),
      other: pct(parts.other),
      otherTop: [...others]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([name, used]) => `${name} ${pct(used)}`)
        .join(', '),
      kernel: pct(interrupts),
      idle: Math.round((idleAfter - idleBefore) / wall / os.cpus().length / 10) / 1,
    };
  };
}
