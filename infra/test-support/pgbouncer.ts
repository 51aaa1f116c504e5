// PgBouncer in transaction mode in front of the test PostgreSQL (apt package pgbouncer, installed by `npm test`):
// a client's statements may run on any server connection, and server connections come and go under it, which is
// what production behind a transaction pooler looks like.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { testPostgresUrl } from './test-database';

export interface PgBouncer {
  /** The URL of `database` through the proxy. */
  urlFor(database: string): string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function listening(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited with ${child.exitCode}: ${log()}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(() => resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`pgbouncer did not listen on ${port}: ${log()}`);
}

/** PgBouncer's quoting: a double quote inside a quoted auth_file field is doubled. */
const authFileField = (value: string) => `"${value.replace(/"/g, '""')}"`;
/** A value in a [databases] connection string: single-quoted, a single quote inside doubled. */
const connectionValue = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * `target` (default: the test database URL) gives the server and the login: with a password, clients must give it
 * (SCRAM against users.txt) and PgBouncer logs in to PostgreSQL with it; without one, trust as before.
 */
export async function startPgBouncer(serverPoolSize = 2, targetUrl = testPostgresUrl): Promise<PgBouncer> {
  const target = new URL(targetUrl);
  const user = decodeURIComponent(target.username) || 'root';
  const password = decodeURIComponent(target.password);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'livecart-pgbouncer-'));
  await chmod(dir, 0o755); // PgBouncer refuses to run as root; it drops to `nobody`, who must read its files
  const port = await freePort();
  await writeFile(path.join(dir, 'users.txt'), `${authFileField(user)} ${authFileField(password)}\n`, { mode: 0o644 });
  await writeFile(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${target.hostname} port=${target.port || 5432} user=${connectionValue(user)}${password ? ` password=${connectionValue(password)}` : ''}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      `auth_type = ${password ? 'scram-sha-256' : 'trust'}`,
      `auth_file = ${path.join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${serverPoolSize}`,
      'max_client_conn = 200',
      'ignore_startup_parameters = extra_float_digits,options',
      '',
    ].join('\n'),
  );
  const args =
    process.getuid?.() === 0 ? ['-u', 'nobody', path.join(dir, 'pgbouncer.ini')] : [path.join(dir, 'pgbouncer.ini')];
  const child = spawn('pgbouncer', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  await listening(port, child, () => output);
  return {
    urlFor: (database) =>
      `postgresql://${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ''}@127.0.0.1:${port}/${database}`,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGINT');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
