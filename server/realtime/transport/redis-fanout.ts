// Cross-node fan-out through Redis Streams (@socket.io/redis-streams-adapter), chosen over the pub/sub adapter
// because it keeps connection state recovery working when a client reconnects to another node.
//
// Redis outages: the cluster adapter awaits each publish before delivering locally, and node-redis queues
// commands while disconnected, so an outage would stall local delivery too. The adapter therefore gets a view of
// the client that fails fast while Redis is down (local rooms keep working) and never leaves a rejected promise
// unhandled. The reading clients (duplicates) keep the offline queue, so their XREAD waits for Redis to return
// instead of spinning.
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient, type RedisClientType } from 'redis';

const guardedCommands = new Set(['xAdd', 'publish', 'sPublish', 'set', 'getDel', 'xRange', 'sendCommand']);
const ignore = () => {};

function failFastView(client: RedisClientType): RedisClientType {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (typeof property === 'string' && guardedCommands.has(property)) {
        return (...args: unknown[]) => {
          const result: Promise<unknown> = target.isReady
            ? (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)
            : Promise.reject(new Error('redis is unavailable'));
          result.catch(ignore);
          return result;
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

export interface RedisFanout {
  adapter: ReturnType<typeof createAdapter>;
  /** The commands client, for the realtime service's own keys (viewer tally). */
  client: RedisClientType;
  ready(): boolean;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function connectRedisFanout(
  url: string,
  keyPrefix: string,
  onStateChange: (up: boolean) => void,
): Promise<RedisFanout> {
  const client: RedisClientType = createClient({
    url,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000) },
  });
  client.on('error', ignore); // every failure also shows as ready=false; reconnects are automatic
  client.on('ready', () => onStateChange(true));
  client.on('end', () => onStateChange(false));
  client.on('reconnecting', () => onStateChange(false));
  const timeout = new Promise<never>((_, reject) => {
    setTimeout(() => reject(new Error(`Redis at ${new URL(url).host} did not answer within 10 s`)), 10_000).unref();
  });
  try {
    await Promise.race([client.connect(), timeout]);
  } catch (error) {
    client.destroy();
    throw error;
  }
  const adapter = createAdapter(failFastView(client), {
    streamName: `${keyPrefix}socket.io`,
    channelPrefix: `${keyPrefix}socket.io`,
    sessionKeyPrefix: `${keyPrefix}sio:session:`,
    maxLen: 10_000,
    blockTimeInMs: 2000,
    onlyPlaintext: true,
  });
  return {
    adapter,
    client,
    ready: () => client.isReady,
    async ping() {
      if (!client.isReady) return false;
      const answer = await Promise.race([
        client.ping().catch(() => null),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 1000).unref()),
      ]);
      return answer === 'PONG';
    },
    async close() {
      if (client.isOpen) await client.close().catch(() => client.destroy());
      else client.destroy();
    },
  };
}
