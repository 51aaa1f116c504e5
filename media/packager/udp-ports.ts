import dgram from 'node:dgram';
import { readFile } from 'node:fs/promises';

// ffmpeg binds the ports named in its SDP file itself, so we can only pick ports that are free
// right now (RTP even, RTCP = RTP + 1) and accept the small race until ffmpeg binds them.
export async function allocateRtpPortPair(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20000 + 2 * Math.floor(Math.random() * 10000);
    if ((await canBind(host, port)) && (await canBind(host, port + 1))) return port;
  }
  throw new Error('no free UDP port pair for the packager');
}

function canBind(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, host, () => socket.close(() => resolve(true)));
  });
}

/** True once some process has bound this local UDP port (Linux /proc; elsewhere assume yes). */
export async function isUdpPortBound(port: number): Promise<boolean> {
  const suffix = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  try {
    const table = await readFile('/proc/net/udp', 'utf8');
    return table.split('\n').some((line) => line.trim().split(/\s+/)[1]?.endsWith(suffix) ?? false);
  } catch {
    return true;
  }
}
