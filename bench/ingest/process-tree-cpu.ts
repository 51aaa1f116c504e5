// CPU seconds of this process's descendants whose command name matches, from /proc (Linux):
// user + system of live ones plus what their exited children were reaped with (Chromium's closed
// tabs end up there). Used to report the load the benchmark's own viewers and publishers put on
// the machine next to the ingest path, not to compute the ingest figure.
import { readdir, readFile } from 'node:fs/promises';

interface Stat {
  pid: number;
  ppid: number;
  comm: string;
  /** Its own user + system time and that of its reaped children. */
  seconds: number;
  /** The reaped children's part. */
  reaped: number;
}

async function readStat(pid: number): Promise<Stat | null> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    const comm = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    return {
      pid,
      ppid: Number(fields[1]),
      comm,
      seconds: ticks / 100,
      reaped: (Number(fields[13]) + Number(fields[14])) / 100,
    };
  } catch {
    return null;
  }
}

export async function descendantsCpuSeconds(match: RegExp, root = process.pid): Promise<number> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const stats = (await Promise.all(pids.map(readStat))).filter((s): s is Stat => s !== null);
  const children = new Map<number, Stat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  // An exited process is no longer listed and is counted once, in its parent's reaped time.
  let total = 0;
  const visit = (pid: number): void => {
    for (const child of children.get(pid) ?? []) {
      if (match.test(child.comm)) total += child.seconds;
      visit(child.pid);
    }
  };
  visit(root);
  return total;
}

/** The 1, 5 and 15 minute load averages. */
export async function loadAverage(): Promise<string> {
  return (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
}

/**
 * CPU seconds of a process and everything under it, by command name: the process itself, its live descendants, and
 * what its exited children were reaped with (an ffmpeg restarted in the window, a mediasoup worker that died). The
 * difference of two readings is the tree's CPU in between, restarts included.
 */
export async function processTreeCpu(root: number): Promise<Record<string, number>> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const stats = (await Promise.all(pids.map(readStat))).filter((s): s is Stat => s !== null);
  const children = new Map<number, Stat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const byName: Record<string, number> = {};
  const self = stats.find((s) => s.pid === root);
  if (!self) return byName;
  const add = (name: string, seconds: number) => {
    byName[name] = (byName[name] ?? 0) + seconds;
  };
  const visit = (s: Stat): void => {
    add(s.comm, s.seconds);
    for (const child of children.get(s.pid) ?? []) visit(child);
  };
  // The root's own time apart from what it reaped (that belongs to its exited children: `reaped`).
  add('reaped', self.reaped);
  add(self.comm, self.seconds - self.reaped);
  for (const child of children.get(root) ?? []) visit(child);
  return byName;
}
