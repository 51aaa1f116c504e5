import dgram from 'node:dgram';
import { readFile } from 'node:fs/promises';

/**
 * Where packagers listen (RTP even, RTCP = RTP + 1): below Linux's ephemeral range (32768-60999), which every socket
 * bound to port 0 draws from (werift's ICE sockets, its forwarders, any other program on the machine), and apart
 * from the engines' own ranges (mediasoup: MEDIASOUP_LOOPBACK_PORTS and its WebRTC range, both above). ffmpeg binds
 * the ports named in its SDP file itself, seconds after we pick them on a loaded machine: a port in a shared range
 * could be taken in between, and that ffmpeg would then fail on every restart of the show (same sink ports).
 */
export const PACKAGER_PORTS = { min: 20000, max: 29999 } as const;

// We can only pick ports that are free right now and accept the small race until ffmpeg binds them.
export async function allocateRtpPortPair(host = '127.0.0.1'): Promise<number> {
  const pairs = Math.floor((PACKAGER_PORTS.max - PACKAGER_PORTS.min + 1) / 2);
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = PACKAGER_PORTS.min + 2 * Math.floor(Math.random() * pairs);
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
