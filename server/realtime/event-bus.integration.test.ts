// The event bus's one contract, run against both implementations: in-process and Redis pub/sub across two
// separate bus instances (two processes' worth of clients).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testRedisUrl } from '../../infra/test-support/test-database';
import { createMemoryEventBus, createRedisEventBus, type EventBus } from './event-bus';
import { until } from './test-support/realtime-test-kit';

interface Pair {
  publisher: EventBus;
  subscriber: EventBus;
  close(): Promise<void>;
}

const implementations: [string, () => Promise<Pair>][] = [
  [
    'in-process',
    async () => {
      const bus = createMemoryEventBus();
      return { publisher: bus, subscriber: bus, close: () => bus.close() };
    },
  ],
  [
    'redis',
    async () => {
      const prefix = `test:${randomBytes(6).toString('hex')}:`;
      const [publisher, subscriber] = await Promise.all([
        createRedisEventBus(testRedisUrl, prefix),
        createRedisEventBus(testRedisUrl, prefix),
      ]);
      return {
        publisher,
        subscriber,
        close: async () => void (await Promise.all([publisher.close(), subscriber.close()])),
      };
    },
  ],
];

for (const [name, make] of implementations) {
  describe(`event bus (${name})`, () => {
    it('delivers typed events to every subscriber and stops after unsubscribe', async () => {
      const pair = await make();
      try {
        const first: string[] = [];
        const second: string[] = [];
        const stopFirst = pair.subscriber.subscribe('inbox:changed', ({ userId }) => first.push(userId));
        pair.subscriber.subscribe('inbox:changed', ({ userId }) => second.push(userId));
        await new Promise((resolve) => setTimeout(resolve, 100)); // a Redis SUBSCRIBE is acknowledged asynchronously
        pair.publisher.publish('inbox:changed', { userId: 'user1' });
        await until(() => first.length === 1 && second.length === 1, 5000, 'both subscribers');
        stopFirst();
        pair.publisher.publish('inbox:changed', { userId: 'user2' });
        await until(() => second.length === 2, 5000, 'the remaining subscriber');
        expect(first).toEqual(['user1']);
        expect(second).toEqual(['user1', 'user2']);
      } finally {
        await pair.close();
      }
    });

    it('refuses a malformed payload at the publisher and survives a throwing subscriber', async () => {
      const pair = await make();
      try {
        expect(() => pair.publisher.publish('inbox:changed', { userId: 'bad id\u0000' })).toThrow();
        const heard: string[] = [];
        pair.subscriber.subscribe('inbox:changed', () => {
          throw new Error('broken subscriber');
        });
        pair.subscriber.subscribe('inbox:changed', ({ userId }) => heard.push(userId));
        await new Promise((resolve) => setTimeout(resolve, 100));
        pair.publisher.publish('inbox:changed', { userId: 'user3' });
        await until(() => heard.length === 1, 5000, 'the healthy subscriber');
      } finally {
        await pair.close();
      }
    });
  });
}
