// Helpers for realtime tests: real servers on random ports, real socket.io clients, the demo seed.
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io as connectClient, type Socket } from 'socket.io-client';
import { createSession } from '../../accounts/session-store';
import { clientAddressRule } from '../../http/client-address';
import type { Database } from '../../database/prisma-client';
import { demoAccounts, seedDemo } from '../../seed/demo-seed';
import { createShowEvents, type ShowEvents } from '../../shows/show-events';
import { createDiskFileStorage } from '../../storage/disk-file-storage';
import type { AckResult, ClientToServerEvents, ServerToClientEvents } from '../contract';
import { createRealtime, type Realtime, type RealtimeTuning } from '../create-realtime';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface SeededRoom {
  showId: string;
  brandId: string;
  showProductIds: string[];
  users: { admin: string; host: string; moderator: string; viewer: string; viewer2: string; viewer3: string };
}

export async function seedRoom(db: Database): Promise<SeededRoom> {
  const storage = createDiskFileStorage(path.join(await mkdtemp(path.join(os.tmpdir(), 'livecart-rt-')), 'uploads'));
  const seed = await seedDemo(db, storage);
  const show = await db.show.findUniqueOrThrow({
    where: { id: seed.showId! },
    include: { products: { orderBy: { position: 'asc' } } },
  });
  const id = async (email: string) => (await db.user.findUniqueOrThrow({ where: { email } })).id;
  const extra = async (n: number) =>
    (
      await db.user.create({
        data: { email: `viewer${n}@demo.livecart.local`, name: `Viewer ${n}`, passwordHash: 'x' },
      })
    ).id;
  return {
    showId: show.id,
    brandId: show.brandId,
    showProductIds: show.products.map((p) => p.id),
    users: {
      admin: await id(demoAccounts.admin),
      host: await id(demoAccounts.host),
      moderator: await id(demoAccounts.moderator),
      viewer: await id(demoAccounts.viewer),
      viewer2: await extra(2),
      viewer3: await extra(3),
    },
  };
}

export async function sessionCookie(db: Database, userId: string): Promise<string> {
  const { token } = await createSession(db, userId);
  return `lc_session=${token}`;
}

export interface RealtimeNode {
  url: string;
  realtime: Realtime;
  events: ShowEvents;
  server: Server;
  close(): Promise<void>;
}

/** One realtime node on its own HTTP server (a second call with the same Redis makes a cluster). */
export async function startRealtimeNode(
  db: Database,
  options: { redisUrl?: string; keyPrefix?: string; tuning?: Partial<RealtimeTuning>; trustedProxies?: string[] } = {},
): Promise<RealtimeNode> {
  const server = createServer();
  const events = createShowEvents();
  const realtime = await createRealtime({
    httpServer: server,
    db,
    events,
    images: { urlFor: (key) => `/uploads/${key}` },
    redisUrl: options.redisUrl ?? null,
    redisKeyPrefix: options.keyPrefix,
    tuning: options.tuning,
    clientAddress: clientAddressRule(options.trustedProxies ?? []),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    realtime,
    events,
    server,
    async close() {
      await realtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const opened = new Set<TestSocket>();

export async function connect(
  url: string,
  options: { cookie?: string; anonId?: string; forwardedFor?: string } = {},
): Promise<TestSocket> {
  const socket: TestSocket = connectClient(url, {
    transports: ['websocket'],
    reconnection: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    extraHeaders: {
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.forwardedFor ? { 'x-forwarded-for': options.forwardedFor } : {}),
    },
    auth: options.anonId ? { anonId: options.anonId } : {},
  });
  opened.add(socket);
  // Room-wide events arrive batched; hand each to the listeners of its own name, as the web client does.
  socket.on('room:batch', ({ events }) => {
    for (const [name, payload] of events)
      (socket as unknown as { emitReserved(e: string, p: unknown): void }).emitReserved(name, payload);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => {
      // A refused or timed-out handshake ends this client: it must not go on reconnecting behind the caller's back.
      socket.disconnect();
      opened.delete(socket);
      reject(error);
    });
  });
  return socket;
}

export function closeAllClients(): void {
  for (const socket of opened) socket.disconnect();
  opened.clear();
}

/** Emits a command and resolves with its ack (fails the test after 10 s without one: CI machines are busy). */
export function call<T = unknown>(socket: TestSocket, event: string, ...args: unknown[]): Promise<AckResult<T>> {
  return callWithin<T>(10_000, socket, event, ...args);
}

/** `call` with its own ack timeout (a flash-sale press in a sale's fair-start window is answered when it closes). */
export function callWithin<T = unknown>(
  timeoutMs: number,
  socket: TestSocket,
  event: string,
  ...args: unknown[]
): Promise<AckResult<T>> {
  return (
    socket.timeout(timeoutMs) as unknown as { emitWithAck(e: string, ...a: unknown[]): Promise<AckResult<T>> }
  ).emitWithAck(event, ...args);
}

export async function ok<T>(result: Promise<AckResult<T>>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`expected ok, got ${settled.error.code}: ${settled.error.message}`);
  return settled.data;
}

/** Resolves with the next payload of `event` that matches. */
export function next<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
  match: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const listener = ((payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    }) as never;
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${String(event)} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on(event, listener);
  });
}

/** Collects every payload of `event` until stopped. */
export function collect<E extends keyof ServerToClientEvents>(socket: TestSocket, event: E) {
  const items: Array<Parameters<ServerToClientEvents[E]>[0]> = [];
  const listener = ((payload: Parameters<ServerToClientEvents[E]>[0]) => items.push(payload)) as never;
  socket.on(event, listener);
  return { items, stop: () => socket.off(event, listener) };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}
