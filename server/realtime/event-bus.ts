// The typed event bus between server processes: what one process learns and every other process must hear (the
// inbox has something new for a user, …). Redis pub/sub when REDIS_URL is set, an in-process emitter otherwise;
// the same contract either way. Payloads are validated when published and again when received, so a process never
// acts on a malformed message. Socket rooms (show, brand staff, account) ride on the Socket.IO adapter instead,
// which also recovers missed frames for reconnecting clients; the bus carries process-level events.
import { EventEmitter } from 'node:events';
import { createClient, type RedisClientType } from 'redis';
import { z } from 'zod';
import { entityId } from '../fields/text-fields';

export const busEventSchemas = {
  /** A user's inbox changed (announcement delivered, conversation message): bells and inbox streams refresh. */
  'inbox:changed': z.object({ userId: entityId }),
  /** A session was signed out: every process drops it from its session cache (the hash, never the token). */
  'session:ended': z.object({ tokenHash: z.string().regex(/^[0-9a-f]{64}$/) }),
} as const;

export type BusEvent = keyof typeof busEventSchemas;
export type BusPayload<E extends BusEvent> = z.infer<(typeof busEventSchemas)[E]>;
export type BusHandler<E extends BusEvent> = (payload: BusPayload<E>) => void;

export interface EventBus {
  readonly kind: 'memory' | 'redis';
  publish<E extends BusEvent>(event: E, payload: BusPayload<E>): void;
  /** Returns the unsubscribe function. */
  subscribe<E extends BusEvent>(event: E, handler: BusHandler<E>): () => void;
  close(): Promise<void>;
}

function localEmitter() {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    deliver(event: BusEvent, raw: unknown) {
      const parsed = busEventSchemas[event].safeParse(raw);
      if (parsed.success) emitter.emit(event, parsed.data);
    },
    subscribe<E extends BusEvent>(event: E, handler: BusHandler<E>) {
      const listener = (payload: BusPayload<E>) => {
        try {
          handler(payload);
        } catch {
          // one subscriber's failure must not stop the others
        }
      };
      emitter.on(event, listener);
      return () => void emitter.off(event, listener);
    },
    clear: () => emitter.removeAllListeners(),
  };
}

export function createMemoryEventBus(): EventBus {
  const local = localEmitter();
  return {
    kind: 'memory',
    publish(event, payload) {
      const checked = busEventSchemas[event].parse(payload);
      queueMicrotask(() => local.deliver(event, checked));
    },
    subscribe: local.subscribe,
    async close() {
      local.clear();
    },
  };
}

/** Redis pub/sub, one channel per event under the key prefix. A publish while Redis is down is dropped (logged by the caller's health). */
export async function createRedisEventBus(url: string, keyPrefix: string): Promise<EventBus> {
  const options = {
    url,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1000) },
  };
  const publisher: RedisClientType = createClient(options);
  const subscriber: RedisClientType = createClient(options);
  for (const client of [publisher, subscriber]) client.on('error', () => {});
  await Promise.all([publisher.connect(), subscriber.connect()]);
  const local = localEmitter();
  const channelOf = (event: BusEvent) => `${keyPrefix}bus:${event}`;
  const subscribed = new Set<BusEvent>();
  return {
    kind: 'redis',
    publish(event, payload) {
      const checked = busEventSchemas[event].parse(payload);
      if (!publisher.isReady) return;
      publisher.publish(channelOf(event), JSON.stringify(checked)).catch(() => {});
    },
    subscribe(event, handler) {
      if (!subscribed.has(event)) {
        subscribed.add(event);
        void subscriber
          .subscribe(channelOf(event), (message) => {
            let raw: unknown;
            try {
              raw = JSON.parse(message);
            } catch {
              return;
            }
            local.deliver(event, raw);
          })
          .catch(() => subscribed.delete(event));
      }
      return local.subscribe(event, handler);
    },
    async close() {
      local.clear();
      await Promise.all(
        [publisher, subscriber].map((client) =>
          client.isOpen ? client.close().catch(() => client.destroy()) : client.destroy(),
        ),
      );
    },
  };
}
