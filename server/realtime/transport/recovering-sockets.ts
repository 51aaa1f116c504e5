// Connection state recovery has a gap that this file closes. When a client comes back with its session id and
// offset, Socket.IO restores the session first (rooms back, missed packets read from the adapter: the Redis
// stream or the in-memory list) and only then runs the middlewares (skipMiddlewares: false, so socketAuth looks
// the session cookie up again). Until the middlewares call next(), the socket sits in the namespace's
// `_preConnectSockets`, and the adapter delivers broadcasts only to `nsp.sockets`: a frame broadcast to the
// restored rooms during that lookup is neither among the missed packets nor delivered live, and the client
// silently never gets it (the cross-node recovery test lost a chat frame about 1 run in 10 this way).
//
// So broadcasts also go to sockets that are recovering. The client buffers events that arrive before its CONNECT
// packet and plays them after the missed packets, in order, which is how Socket.IO itself sends missed packets.
// A frame read from the stream by both the restore and the live reader can arrive twice; clients merge chat by id.
// The adapter's apply() also serves socketsJoin/Leave (right: the socket is in those rooms), fetchSockets (may
// list a recovering socket) and disconnectSockets (disconnect() of a socket not yet connected does nothing, as before).
import type { Namespace, Socket } from 'socket.io';

interface BroadcastOptions {
  rooms: Set<string>;
  except?: Set<string>;
}
type Apply = (opts: BroadcastOptions, callback: (socket: Socket) => void) => void;

function addressed(joined: Set<string> | undefined, opts: BroadcastOptions): boolean {
  if (!joined) return false;
  if (opts.rooms.size > 0 && ![...opts.rooms].some((room) => joined.has(room))) return false;
  return ![...(opts.except ?? [])].some((room) => joined.has(room));
}

/** Makes the namespace's adapter deliver to sockets whose recovered session is still in the middlewares. */
export function deliverToRecoveringSockets(nsp: Namespace): void {
  // Internals of socket.io 4.8 / socket.io-adapter 2.5: fail loudly at boot if an upgrade moves them.
  const recovering = (nsp as unknown as { _preConnectSockets?: unknown })._preConnectSockets;
  const adapter = nsp.adapter as unknown as { apply?: Apply; sids: Map<string, Set<string>> };
  if (!(recovering instanceof Map) || typeof adapter.apply !== 'function' || !(adapter.sids instanceof Map)) {
    throw new Error(
      'socket.io internals changed (Namespace._preConnectSockets, Adapter.apply): review transport/recovering-sockets.ts',
    );
  }
  const connected: Apply = adapter.apply.bind(adapter);
  adapter.apply = (opts, callback) => {
    connected(opts, callback);
    for (const socket of (recovering as Map<string, Socket>).values()) {
      if (socket.recovered && addressed(adapter.sids.get(socket.id), opts)) callback(socket);
    }
  };
}
