// Buyers over the show room's socket, the way the viewer page buys: connect with the session cookie, join the
// show, then `sale:reserve` / `order:cancel` with acknowledgements (server/realtime/contract.ts).
import { io, type Socket } from 'socket.io-client';
import type { AckResult, ClientToServerEvents, ServerToClientEvents } from '../../server/realtime/contract';

type BuyerSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface SocketReply<T> {
  result: AckResult<T>;
  ms: number;
}

export async function connectBuyer(baseUrl: string, cookie: string, showId: string): Promise<BuyerSocket> {
  const socket: BuyerSocket = io(baseUrl, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    reconnection: false,
    timeout: 30_000,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const joined = await socket.timeout(30_000).emitWithAck('show:join', { showId });
  if (!joined.ok) throw new Error(`join failed: ${joined.error.code}`);
  return socket;
}

export async function timed<T>(send: () => Promise<AckResult<T>>): Promise<SocketReply<T>> {
  const started = performance.now();
  const result = await send();
  return { result, ms: performance.now() - started };
}
