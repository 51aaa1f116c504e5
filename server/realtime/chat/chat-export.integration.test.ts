// The export route and the realtime health check, through the platform's composition root.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../infra/test-support/test-database';
import { createApplication, type Application } from '../../app';
import { createDiskFileStorage } from '../../storage/disk-file-storage';
import { seedRoom, sessionCookie, type SeededRoom } from '../test-support/realtime-test-kit';

let database: TestDatabase;
let app: Application;
let room: SeededRoom;

beforeAll(async () => {
  database = await createTestDatabase();
  room = await seedRoom(database.db);
  const storage = createDiskFileStorage(
    path.join(await mkdtemp(path.join(os.tmpdir(), 'livecart-export-')), 'uploads'),
  );
  app = await createApplication({
    config: { mode: 'embedded', publicBaseUrl: null, port: 0 },
    db: database.db,
    storage,
    sessionSecret: 'x'.repeat(40),
  });
  await database.db.chatMessage.createMany({
    data: [
      {
        showId: room.showId,
        userId: room.users.viewer,
        userName: 'Vera Viewer',
        text: '=HYPERLINK("http://evil.test","click")',
      },
      {
        showId: room.showId,
        userId: room.users.viewer2,
        userName: '@admin',
        text: 'hello, "world"',
        deletedAt: new Date(),
      },
      { showId: room.showId, userId: null, userName: 'Guest abcd', text: '+1 for the tote', shadow: true },
    ],
  });
});
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

it('exports the chat as injection-safe CSV for the brand’s staff only', async () => {
  const url = `/api/brands/${room.brandId}/shows/${room.showId}/chat.csv`;
  const asStaff = await app.http.inject({
    url,
    headers: { cookie: await sessionCookie(database.db, room.users.moderator) },
  });
  expect(asStaff.statusCode).toBe(200);
  expect(asStaff.headers['content-type']).toContain('text/csv');
  const lines = asStaff.body.trim().split('\r\n');
  expect(lines[0]).toBe('time,user_id,name,message,status');
  expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")",visible`);
  expect(lines[2]).toContain(`'@admin,"hello, ""world""",deleted`);
  expect(lines[3]).toContain(`,Guest abcd,'+1 for the tote,shadow`);

  expect((await app.http.inject({ url })).statusCode).toBe(401);
  const asViewer = await app.http.inject({
    url,
    headers: { cookie: await sessionCookie(database.db, room.users.viewer) },
  });
  expect(asViewer.statusCode).toBe(404);
});

it('reports realtime in /api/health', async () => {
  const response = await app.http.inject({ url: '/api/health' });
  expect(response.json().dependencies.realtime).toMatchObject({ ok: true, adapter: 'memory' });
});
