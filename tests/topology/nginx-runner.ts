// nginx for the topology test: the production config (infra/nginx/livecart.conf and livecart-hls.conf) with only
// its addresses swapped for local ones, run as a foreground child with its own prefix in a temp dir (never the
// system service).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

export const nginxBinary = '/usr/sbin/nginx';
const infra = path.resolve(import.meta.dirname, '../../infra/nginx');

export interface NginxAddresses {
  listenPort: number;
  /** compose name (web-1, realtime-2, media…) -> local port */
  upstreams: Record<string, number>;
  /** The directory holding hls/ (the media node's DATA_DIR). */
  hlsParent: string;
}

/** Every substitution must hit: a production config that drifted from the test's names fails here, loudly. */
function substitute(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`infra/nginx no longer contains "${from}"`);
  return text.split(from).join(to);
}

export async function testConfig(prefix: string, addresses: NginxAddresses): Promise<string> {
  let site = await readFile(path.join(infra, 'livecart.conf'), 'utf8');
  let hls = await readFile(path.join(infra, 'livecart-hls.conf'), 'utf8');
  for (const [name, port] of Object.entries(addresses.upstreams))
    site = substitute(site, ` ${name}:3000`, ` 127.0.0.1:${port}`);
  site = substitute(site, 'listen 80;', `listen 127.0.0.1:${addresses.listenPort};`);
  site = substitute(site, '/var/log/nginx/livecart.access.log', path.join(prefix, 'access.log'));
  hls = substitute(hls, 'root /var/lib/livecart;', `root ${addresses.hlsParent};`);
  site = substitute(site, 'include livecart-hls.conf;', hls.replace(/\n/g, '\n    '));
  const temp = (name: string) => `${name}_temp_path ${path.join(prefix, `${name}-temp`)};`;
  return [
    // As root, workers would drop to nobody and could not read the temp data dir (mode 0700).
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    'worker_processes 1;',
    `pid ${path.join(prefix, 'nginx.pid')};`,
    `error_log ${path.join(prefix, 'error.log')} warn;`,
    'events { worker_connections 1024; }',
    'http {',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp),
    'default_type application/octet-stream;',
    site,
    '}',
  ].join('\n');
}

export interface RunningNginx {
  baseUrl: string;
  accessLog(): Promise<string>;
  stop(): Promise<void>;
}

function waitForPort(port: number, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nginx did not listen on ${port}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

export async function startNginx(prefix: string, addresses: NginxAddresses): Promise<RunningNginx> {
  if (!existsSync(nginxBinary))
    throw new Error('nginx is missing: run "apt-get install -y nginx" (npm test installs it)');
  await mkdir(prefix, { recursive: true });
  const conf = path.join(prefix, 'nginx.conf');
  await writeFile(conf, await testConfig(prefix, addresses));
  let output = '';
  const check = spawn(nginxBinary, ['-t', '-p', prefix, '-c', conf, '-e', path.join(prefix, 'error.log')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  check.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => check.once('exit', (exitCode) => resolve(exitCode)));
  if (code !== 0) throw new Error(`nginx refused the config:\n${output}`);
  const child: ChildProcess = spawn(
    nginxBinary,
    ['-p', prefix, '-c', conf, '-e', path.join(prefix, 'error.log'), '-g', 'daemon off;'],
    { stdio: 'ignore' },
  );
  await waitForPort(addresses.listenPort, 10_000);
  return {
    baseUrl: `http://127.0.0.1:${addresses.listenPort}`,
    accessLog: () => readFile(path.join(prefix, 'access.log'), 'utf8').catch(() => ''),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGQUIT');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      await exited;
    },
  };
}
