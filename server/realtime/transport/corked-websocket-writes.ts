// Frames that leave for one socket together go out in one write. Engine.io sends a WebSocket's first packet at
// once and buffers the ones that come while it is being written; the next flush hands the buffered packets to
// `send` together, and ws writes each frame with its own system call. A brand's chat staff receive every message
// of the brand, and messages come in bursts (the Redis stream is read up to 100 entries at a time, more when a node
// is busy), so on a loaded node most frames sit in such batches. Corking the TCP socket around `send` turns a batch
// into one write: the same bytes in the same order, a fraction of the system calls.
import type { Server } from 'socket.io';

interface EngineTransport {
  name: string;
  send(packets: unknown[]): void;
  socket?: { _socket?: { cork?: () => void; uncork?: () => void } };
}

interface EngineSocket {
  transport: EngineTransport;
  on(event: 'upgrade', listener: (transport: EngineTransport) => void): void;
}

const corked = new WeakSet<EngineTransport>();

function cork(transport: EngineTransport): void {
  // Internals of engine.io 6 / ws 8 (the transport's ws socket and its net.Socket): without them, nothing changes.
  const raw = transport.name === 'websocket' ? transport.socket?._socket : undefined;
  if (!raw || typeof raw.cork !== 'function' || typeof raw.uncork !== 'function' || corked.has(transport)) return;
  corked.add(transport);
  const send = transport.send.bind(transport);
  transport.send = (packets) => {
    if (packets.length < 2) return send(packets);
    raw.cork!();
    try {
      send(packets);
    } finally {
      raw.uncork!();
    }
  };
}

/** Every WebSocket of this server (opened as one, or upgraded from polling) writes a batch of frames at once. */
export function corkWebSocketWrites(io: Server): void {
  io.engine.on('connection', (socket: EngineSocket) => {
    cork(socket.transport);
    socket.on('upgrade', (transport) => cork(transport));
  });
}
