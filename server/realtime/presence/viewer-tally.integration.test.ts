// The viewer tally's contract against both implementations: in process, and on a real Redis shared by two clients
// (two realtime nodes).
import { randomBytes } from 'node:crypto';
import { createClient, type RedisClientType } from 'redis';
import { testRedisUrl } from '../../../infra/test-support/test-database';
import { viewerTallyContract } from './viewer-tally.contract';
import { createMemoryViewerTally, createRedisViewerTally } from './viewer-tally';

viewerTallyContract('in-process', async () => {
  const tally = createMemoryViewerTally();
  return { tallies: [tally, tally], close: async () => {} };
});

viewerTallyContract('redis', async () => {
  const prefix = `test:${randomBytes(6).toString('hex')}:`;
  const clients = [createClient({ url: testRedisUrl }), createClient({ url: testRedisUrl })] as RedisClientType[];
  await Promise.all(clients.map((client) => client.connect()));
  return {
    tallies: [createRedisViewerTally(clients[0]!, prefix), createRedisViewerTally(clients[1]!, prefix)],
    close: async () => {
      const keys = await clients[0]!.keys(`${prefix}*`);
      if (keys.length) await clients[0]!.del(keys);
      await Promise.all(clients.map((client) => client.close()));
    },
  };
});
