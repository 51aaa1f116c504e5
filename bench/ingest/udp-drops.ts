// Datagrams the kernel dropped because a UDP socket's receive buffer was full, per process, from
// /proc/net/udp (Linux): the place where a busy 2-core machine loses RTP, and which hop it was
// (werift's ICE sockets in the media process, an ffmpeg packager's RTP sockets, the publishers).
import { readdir, readFile, readlink } from 'node:fs/promises';

async function socketInodes(pid: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
  await Promise.all(
    fds.map(async (fd) => {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match) inodes.add(match[1]!);
    }),
  );
  return inodes;
}

async function dropsByInode(): Promise<Map<string, number>> {
  const drops = new Map<string, number>();
  const text = await readFile('/proc/net/udp', 'utf8');
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length >= 13) drops.set(fields[9]!, Number(fields[12]));
  }
  return drops;
}

/** Receive-buffer drops so far on the UDP sockets each group of processes holds now. */
export async function udpDrops(groups: Record<string, number[]>): Promise<Record<string, number>> {
  const drops = await dropsByInode();
  const result: Record<string, number> = {};
  for (const [name, pids] of Object.entries(groups)) {
    let sum = 0;
    for (const pid of pids) for (const inode of await socketInodes(pid)) sum += drops.get(inode) ?? 0;
    result[name] = sum;
  }
  return result;
}

/** Direct children of a process (the publishers' ffmpeg senders, for instance). */
export async function childPids(pid: number): Promise<number[]> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return text.trim().split(/\s+/).filter(Boolean).map(Number);
}

/** Receive-buffer drops on every UDP socket of the machine (other helpers' processes included). */
export async function machineUdpDrops(): Promise<number> {
  const lines = (await readFile('/proc/net/snmp', 'utf8')).split('\n').filter((line) => line.startsWith('Udp:'));
  const names = lines[0]?.split(/\s+/) ?? [];
  const values = lines[1]?.split(/\s+/) ?? [];
  return Number(values[names.indexOf('RcvbufErrors')] ?? 0);
}
