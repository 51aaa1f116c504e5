// Viewers in the show room through nginx's /socket.io/: each one joined, chatting, and keeping what it received, so
// the run can count every acknowledged message that did not reach every viewer.
import type { ChatMessage, JoinState, ReservationHeld } from '../../server/realtime/contract';
import {
  call,
  callWithin,
  connect,
  ok,
  sleep,
  type TestSocket,
} from '../../server/realtime/test-support/realtime-test-kit';
import type { Person } from './topology-people';

export interface Viewer {
  person: Person;
  socket: TestSocket;
  received: Set<string>;
  statuses: string[];
  salesStarted: number;
  salesEnded: number;
  disconnects: number;
  /** Reconnections that resumed the session (Socket.IO connection state recovery) vs. those that had to rejoin. */
  recovered: number;
  rejoined: number;
  joinFailures: number;
}

export async function joinViewer(baseUrl: string, person: Person, showId: string): Promise<Viewer> {
  // The web client's socket tries again after a handshake that failed; so does this viewer, once, and says so (one
  // run in seven, the first after a full CI run, saw a 20 s handshake timeout here; the cause is not known).
  const socket = await connect(baseUrl, { cookie: person.cookie }).catch((error: Error) => {
    process.stderr.write(
      `[topology] viewer ${person.userId}: first connect failed (${error.message}); connecting again\n`,
    );
    return connect(baseUrl, { cookie: person.cookie });
  });
  const viewer: Viewer = {
    person,
    socket,
    received: new Set(),
    statuses: [],
    salesStarted: 0,
    salesEnded: 0,
    disconnects: 0,
    recovered: 0,
    rejoined: 0,
    joinFailures: 0,
  };
  socket.on('chat:message-created', (message) => viewer.received.add(message.id));
  socket.on('show:status-changed', ({ status }) => viewer.statuses.push(status));
  socket.on('sale:started', () => viewer.salesStarted++);
  socket.on('sale:ended', () => viewer.salesEnded++);
  socket.on('disconnect', () => viewer.disconnects++);
  const join = async () => {
    const state = await ok(call<JoinState>(socket, 'show:join', { showId }));
    for (const message of state.messages) viewer.received.add(message.id);
  };
  let connections = socket.connected ? 1 : 0;
  socket.on('connect', () => {
    if (++connections === 1) return;
    if (socket.recovered) return void viewer.recovered++;
    // A node that crashed never saved its sessions (the adapter persists one when its socket disconnects), so
    // the session is fresh and outside the room: like the web client (show-room-live.tsx) the viewer joins again
    // and takes the snapshot's chat history in place of what it missed.
    viewer.rejoined++;
    void (async () => {
      // A join the busy surviving node did not answer in time is asked again (counted, so a run shows it).
      for (let attempt = 0; attempt < 3; attempt++) {
        if (
          await join().then(
            () => true,
            () => false,
          )
        )
          return;
        viewer.joinFailures++;
      }
    })();
  });
  await join();
  return viewer;
}

export interface ChatLog {
  /** Ids of the messages the server acknowledged. */
  acked: Set<string>;
  /** id -> text ("round r from user"), for failure reports. */
  texts: Map<string, string>;
  /** Sends that got no ack or a transient refusal (node gone, not yet joined again); retried, as a person would. */
  unacked: number;
}

/**
 * Every viewer sends `rounds` messages, one every `everyMs` (the default per-user chat limit is a burst of 5,
 * then one per 2 s), starting at staggered moments. `onRound` runs before each round (the run kills a node there).
 */
export async function chatRounds(
  viewers: Viewer[],
  rounds: number,
  everyMs: number,
  onRound: (round: number, acked: Set<string>) => Promise<void> | void,
): Promise<ChatLog> {
  const log: ChatLog = { acked: new Set(), texts: new Map(), unacked: 0 };
  const startedAt = Date.now();
  const send = async (viewer: Viewer, text: string) => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const result = await call<ChatMessage>(viewer.socket, 'chat:send', { text }).catch(() => null);
      if (result?.ok) {
        log.acked.add(result.data.id);
        log.texts.set(result.data.id, `${text} at +${Date.now() - startedAt} ms`);
        return;
      }
      // FORBIDDEN: a send buffered while reconnecting reached the new node before the viewer joined again.
      if (result && !['UNAVAILABLE', 'RATE_LIMITED', 'FORBIDDEN'].includes(result.error.code))
        throw new Error(`chat:send refused: ${result.error.code} ${result.error.message}`);
      log.unacked++;
      await sleep(500);
    }
  };
  for (let round = 0; round < rounds; round++) {
    await onRound(round, log.acked);
    const started = Date.now();
    await Promise.all(
      viewers.map(async (viewer, index) => {
        await sleep((index * everyMs) / viewers.length / 2);
        await send(viewer, `round ${round} from ${viewer.person.userId}`);
      }),
    );
    await sleep(Math.max(0, everyMs - (Date.now() - started)));
  }
  return log;
}

/** Waits (bounded) for every viewer to hold every acknowledged message; returns how many (viewer, message) pairs are missing. */
export async function missingMessages(viewers: Viewer[], acked: Set<string>, waitMs: number): Promise<number> {
  const missing = () =>
    viewers.reduce((sum, viewer) => sum + [...acked].filter((id) => !viewer.received.has(id)).length, 0);
  const deadline = Date.now() + waitMs;
  while (missing() > 0 && Date.now() < deadline) await sleep(100);
  return missing();
}

/** Holds a unit of the sale over the viewer's socket; null when sold out or refused. */
export async function reserveOverSocket(viewer: Viewer, saleId: string): Promise<ReservationHeld | null> {
  // A press in the sale's first seconds is answered when its fair-start window closes (up to 11 s; the web's buy
  // button waits 20 s).
  const result = await callWithin<ReservationHeld>(20_000, viewer.socket, 'sale:reserve', {
    saleId,
    quantity: 1,
  }).catch(() => null);
  return result?.ok ? result.data : null;
}
