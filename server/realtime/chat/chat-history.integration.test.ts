// A joiner's chat history merges the writer's pending rows with the stored ones. A row whose batch committed while
// the history query ran (after the query's snapshot) had already left the pending list when the old code read it
// after the query: it was in neither, and the joiner, who entered the room before the broadcast, never saw it (the
// topology run lost one message this way for a viewer rejoining the surviving realtime node).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChatMessage as ChatMessageRow } from '../../../prisma/generated/client';
import { createTestDatabase, type TestDatabase } from '../../../infra/test-support/test-database';
import { ShowContextCache } from '../show-context';
import { seedRoom, type SeededRoom } from '../test-support/realtime-test-kit';
import { ChatHistory } from './chat-history';
import { ChatWriter } from './chat-writer';

let database: TestDatabase;
let room: SeededRoom;

beforeAll(async () => {
  database = await createTestDatabase();
  room = await seedRoom(database.db);
});
afterAll(() => database?.drop());

it('never loses a message whose batch commits while a joiner’s history is read', async () => {
  const writer = new ChatWriter(database.db, { info() {}, warn() {}, error() {} }, 60_000);
  const contexts = new ShowContextCache(database.db);
  const context = await contexts.get(room.showId);
  const history = new ChatHistory(database.db, writer, contexts);
  const missed: number[] = [];
  for (let round = 0; round < 150; round++) {
    const row: ChatMessageRow = {
      id: randomUUID(),
      showId: room.showId,
      userId: room.users.viewer2,
      userName: 'Viewer 2',
      text: `round ${round}`,
      shadow: false,
      deletedAt: null,
      createdAt: new Date(),
    };
    writer.add(row);
    // The history read and the batch's commit race on two connections, as a join and the writer's timer do.
    const [messages] = await Promise.all([
      history.load(context, { staff: round % 2 === 0, shadowBannedUserId: null }),
      writer.flush(),
    ]);
    if (!messages.some((message) => message.id === row.id)) missed.push(round);
  }
  expect(missed).toEqual([]);
});
