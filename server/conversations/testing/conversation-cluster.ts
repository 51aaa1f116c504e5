// Two platform nodes (each its own HTTP server, Socket.IO server, Redis clients and event bus) on one PostgreSQL
// database and one Redis, as two processes of a deployment are: what one node stores and emits, the other's sockets
// must receive. Used by the integration tests; bench/chat runs real child processes instead.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApplication, type Application } from '../../app';
import { conversationsModule, type ConversationsModule } from '../conversations-module';
import { seedDemo } from '../../seed/demo-seed';
import { createDiskFileStorage } from '../../storage/disk-file-storage';
import { TestClient } from '../../../infra/test-support/test-application';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '../../../infra/test-support/test-database';
import { demoAccounts, demoPassword } from '../../seed/demo-seed';
import { connect, sleep } from '../../realtime/test-support/realtime-test-kit';

export interface ClusterNode {
  app: Application;
  conversations: ConversationsModule;
  url: string;
  signedIn(email: string, password?: string): Promise<TestClient>;
}

export interface ConversationCluster {
  database: TestDatabase;
  brandId: string;
  showId: string;
  nodes: [ClusterNode, ClusterNode];
  close(): Promise<void>;
}

/** `redis: false` gives one node with the in-process bus and in-memory adapter (nodes[1] is the same node). */
export async function startConversationCluster(options: { redis?: boolean } = {}): Promise<ConversationCluster> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'livecart-chat-'));
  const storage = createDiskFileStorage(path.join(dataDir, 'uploads'));
  const seed = await seedDemo(database.db, storage);
  const brand = await database.db.brand.findFirstOrThrow();
  const keyPrefix = `test:${randomBytes(6).toString('hex')}:`;
  const start = async (): Promise<ClusterNode> => {
    const conversations = conversationsModule();
    const app = await createApplication({
      conversations,
      config: { mode: 'embedded', publicBaseUrl: 'http://localhost:3000', port: 3000 },
      db: database.db,
      storage,
      sessionSecret: 'test-session-secret-that-is-long-enough-0123',
      realtime: options.redis === false ? undefined : { redisUrl: testRedisUrl, keyPrefix },
    });
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.http.server.address() as AddressInfo;
    return {
      app,
      conversations,
      url: `http://127.0.0.1:${port}`,
      async signedIn(email, password = demoPassword) {
        const client = new TestClient(app);
        const response = await client.post('/api/auth/sign-in', { email, password });
        if (response.statusCode !== 200) throw new Error(`sign-in failed for ${email}: ${response.body}`);
        return client;
      },
    };
  };
  const first = await start();
  const second = options.redis === false ? first : await start();
  if (second !== first) await fanoutReady(first, second, brand.id);
  return {
    database,
    brandId: brand.id,
    showId: seed.showId!,
    nodes: [first, second],
    async close() {
      await first.app.close();
      if (second !== first) await second.app.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Each node's Redis Streams reader starts at "$" (new entries only) once its connection is up, which on a loaded
 * machine can be after the first test already broadcast: that frame would never reach the other node. So the
 * cluster is handed over only once a brand-room frame from node A has reached a socket on node B.
 */
async function fanoutReady(from: ClusterNode, to: ClusterNode, brandId: string): Promise<void> {
  const staff = await to.signedIn(demoAccounts.advisor);
  const socket = await connect(to.url, { cookie: cookieOf(staff) });
  let arrived = false;
  socket.on('conversation:typing', () => {
    arrived = true;
  });
  try {
    const realtime = from.conversations.context()!.realtime;
    for (const end = Date.now() + 30_000; !arrived && Date.now() < end; await sleep(100))
      realtime.emitToBrandStaff(brandId, 'conversation:typing', {
        conversationId: 'probe',
        side: 'staff',
        name: 'probe',
      });
    if (!arrived) throw new Error('the two nodes never heard each other over Redis');
  } finally {
    socket.disconnect();
  }
}

/** The Cookie header a socket needs to act as the client's account. */
export const cookieOf = (client: TestClient) =>
  [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
