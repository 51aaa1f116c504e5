// Issue 11, defect 2: a chat message with U+0000 was acked and broadcast, then failed the batched INSERT five times
// and the whole pending batch (other people's messages, other shows) was dropped. The edge now refuses it, and a
// row the database refuses anyway (written past the edge here) costs only itself: history and the CSV export keep
// everyone else's messages.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChatMessage as ChatMessageRow } from '../../../prisma/generated/client';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from '../../../infra/test-support/test-database';
import { createApplication, type Application } from '../../app';
import { createDiskFileStorage } from '../../storage/disk-file-storage';
import { ShowContextCache } from '../show-context';
import {
  call,
  closeAllClients,
  connect,
  ok,
  seedRoom,
  sessionCookie,
  startRealtimeNode,
  type RealtimeNode,
  type SeededRoom,
} from '../test-support/realtime-test-kit';
import { ChatHistory } from './chat-history';
import { ChatWriter } from './chat-writer';

let database: TestDatabase;
let room: SeededRoom;
let node: RealtimeNode;
let app: Application;
let otherShowId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  room = await seedRoom(database.db);
  node = await startRealtimeNode(database.db);
  const storage = createDiskFileStorage(
    path.join(await mkdtemp(path.join(os.tmpdir(), 'livecart-bad-row-')), 'uploads'),
  );
  app = await createApplication({
    config: { mode: 'embedded', publicBaseUrl: null, port: 0 },
    db: database.db,
    storage,
    sessionSecret: 'x'.repeat(40),
  });
  const other = await database.db.show.create({
    data: {
      brandId: room.brandId,
      title: 'Other show',
      scheduledStartAt: new Date(),
      status: 'LIVE',
      streamKeyHash: randomBytes(16).toString('hex'),
    },
  });
  otherShowId = other.id;
});
afterEach(() => closeAllClients());
afterAll(async () => {
  await app?.close();
  await node?.close();
  await database?.drop();
});

describe('chat text at the socket edge', () => {
  it('refuses NUL and other control characters with a VALIDATION_FAILED ack, and stores nothing of them', async () => {
    const socket = await connect(node.url, { cookie: await sessionCookie(database.db, room.users.viewer) });
    await ok(call(socket, 'show:join', { showId: room.showId }));
    for (const control of ['\u0000', '\u0001', '\u0007', '\u001B', '\u007F', '\u0085', '\n']) {
      const text = `bad${control}message`;
      expect(await call(socket, 'chat:send', { text })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED' },
      });
    }
    expect(await call(socket, 'chat:send', { text: '\u200B\u200D' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    const sent = await ok(call<{ text: string }>(socket, 'chat:send', { text: 'Cafe\u0301 is open' }));
    expect(sent.text).toBe('Café is open');
    // ids with a NUL never reach a query either
    expect(await call(socket, 'show:join', { showId: 'a\u0000b' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    await vi.waitFor(async () =>
      expect(await database.db.chatMessage.count({ where: { text: 'Café is open' } })).toBe(1),
    );
    expect(await database.db.chatMessage.count({ where: { text: { startsWith: 'bad' } } })).toBe(0);
  });
});

describe('the batched chat write', () => {
  const row = (showId: string, text: string): ChatMessageRow => ({
    id: randomUUID(),
    showId,
    userId: room.users.viewer2,
    userName: 'Viewer 2',
    text,
    shadow: false,
    deletedAt: null,
    createdAt: new Date(),
  });

  it('stores every good row of a batch around one the database refuses, across shows, and logs the one it drops', async () => {
    const errors: { details: Record<string, unknown>; message: string }[] = [];
    const writer = new ChatWriter(database.db, {
      info() {},
      warn() {},
      error: (details, message) => errors.push({ details: details as Record<string, unknown>, message }),
    });
    const good = [
      ...Array.from({ length: 6 }, (_, i) => row(room.showId, `kept in this show ${i}`)),
      ...Array.from({ length: 5 }, (_, i) => row(otherShowId, `kept in the other show ${i}`)),
    ];
    const bad = row(room.showId, 'written past the edge \u0000');
    for (const message of [...good.slice(0, 3), bad, ...good.slice(3)]) writer.add(message);
    await writer.flush();
    // whatever retries the writer schedules, it ends with nothing pending
    await vi.waitFor(
      () => expect(writer.pendingFor(room.showId).length + writer.pendingFor(otherShowId).length).toBe(0),
      { timeout: 15_000 },
    );

    const stored = await database.db.chatMessage.findMany({
      where: { id: { in: [...good, bad].map((m) => m.id) } },
      select: { id: true },
    });
    expect(stored.map((m) => m.id).sort()).toEqual(good.map((m) => m.id).sort());
    expect(errors).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ messageId: bad.id, showId: room.showId }) }),
    ]);

    const contexts = new ShowContextCache(database.db);
    const history = await new ChatHistory(database.db, writer, contexts).load(await contexts.get(room.showId), {
      staff: true,
      shadowBannedUserId: null,
    });
    expect(history.map((m) => m.id)).toEqual(
      expect.arrayContaining(good.filter((m) => m.showId === room.showId).map((m) => m.id)),
    );

    const staff = { cookie: await sessionCookie(database.db, room.users.moderator) };
    for (const showId of [room.showId, otherShowId]) {
      const csv = await app.http.inject({
        url: `/api/brands/${room.brandId}/shows/${showId}/chat.csv`,
        headers: staff,
      });
      expect(csv.statusCode).toBe(200);
      for (const message of good.filter((m) => m.showId === showId)) expect(csv.body).toContain(message.text);
    }
    await writer.close();
  });

  // A failure that is not about the rows (here the database turns read-only, as a primary does when it is demoted in a
  // failover: SQLSTATE 25006) used to be taken for bad rows because SELECT 1 still answered, so every message of the
  // batch was tried alone and dropped. Now the whole batch waits and is stored once the database takes writes again.
  it('keeps the whole batch while the database is read-only and stores every message once it clears', async () => {
    const name = new URL(database.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: testPostgresUrl });
    await admin.connect();
    // settings reach new sessions only, so the database's sessions are ended and the pool reconnects under them
    const setReadOnly = async (on: boolean) => {
      await admin.query(
        on
          ? `ALTER DATABASE "${name}" SET default_transaction_read_only = on`
          : `ALTER DATABASE "${name}" RESET default_transaction_read_only`,
      );
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
    };
    const warnings: Record<string, unknown>[] = [];
    const errors: string[] = [];
    const writer = new ChatWriter(database.db, {
      info() {},
      warn: (details) => warnings.push(details as Record<string, unknown>),
      error: (_details, message) => errors.push(message),
    });
    const messages = [
      ...Array.from({ length: 8 }, (_, i) => row(room.showId, `during failover ${i}`)),
      ...Array.from({ length: 4 }, (_, i) => row(otherShowId, `other show during failover ${i}`)),
    ];
    try {
      await setReadOnly(true);
      for (const message of messages) writer.add(message);
      await writer.flush();
      await vi.waitFor(() => expect(warnings.some((warning) => warning.sqlState === '25006')).toBe(true), {
        timeout: 20_000,
      });
      expect(await database.db.chatMessage.count({ where: { id: { in: messages.map((m) => m.id) } } })).toBe(0);
      expect(writer.pendingFor(room.showId).length + writer.pendingFor(otherShowId).length).toBe(messages.length);
    } finally {
      await setReadOnly(false);
      await admin.end();
    }
    await vi.waitFor(
      () => expect(writer.pendingFor(room.showId).length + writer.pendingFor(otherShowId).length).toBe(0),
      { timeout: 40_000 },
    );
    const stored = await database.db.chatMessage.findMany({
      where: { id: { in: messages.map((m) => m.id) } },
      select: { id: true },
    });
    expect(stored.map((m) => m.id).sort()).toEqual(messages.map((m) => m.id).sort());
    expect(errors).toEqual([]);
    await writer.close();
  });
});
