import { createHash } from 'node:crypto';
import { createClient } from 'redis';
import { CommandDeadlines } from './command-deadlines';
import type { SaleCounterState, StockCounter, TakeResult } from './stock-counter';

// KEYS[1] = remaining, KEYS[2] = limit, KEYS[3] = hash buyer -> units; ARGV = buyer, quantity
const takeScript = `
local remaining = redis.call('GET', KEYS[1])
if not remaining then return {-1, 0} end
remaining = tonumber(remaining)
local limit = tonumber(redis.call('GET', KEYS[2]) or '0')
local held = tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0')
local q = tonumber(ARGV[2])
if held + q > limit then return {-2, remaining} end
if remaining < q then return {-3, remaining} end
remaining = redis.call('DECRBY', KEYS[1], q)
redis.call('HINCRBY', KEYS[3], ARGV[1], q)
return {1, remaining}
`;

// Loads only when the remaining key is missing, so concurrent rebuilds after a Redis restart agree.
// ARGV = remaining, limit, ttl, then buyer/units pairs.
const loadScript = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
redis.call('DEL', KEYS[3])
for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1]) end
redis.call('EXPIRE', KEYS[3], ARGV[3])
return 1
`;

// Returns units only while the sale is loaded: after a restart the rebuild from the database already counts them.
const giveScript = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('INCRBY', KEYS[1], ARGV[2])
if ARGV[3] == '1' then
  local held = redis.call('HINCRBY', KEYS[3], ARGV[1], 0 - tonumber(ARGV[2]))
  if held <= 0 then redis.call('HDEL', KEYS[3], ARGV[1]) end
end
return 1
`;

type RedisClient = ReturnType<typeof createClient>;

export async function createRedisStockCounter(url: string, keyPrefix = 'livecart:', commandLimitMs = 1000): Promise<StockCounter> {
  // No per-command timeout in the client (see CommandDeadlines); while disconnected commands fail at once instead of
  // queueing, so buyers get the database's answer during a Redis outage.
  const client: RedisClient = createClient({ url, disableOfflineQueue: true, commandOptions: { timeout: 0 } } as Parameters<typeof createClient>[0]);
  const deadlines = new CommandDeadlines(commandLimitMs);
  client.on('error', () => {
    // reconnects by itself; callers see failed commands and fall back to the database's answer
  });
  await client.connect();
  // EVALSHA: Redis runs its cached copy instead of receiving and hashing the script text on every purchase;
  // after a Redis restart (script cache empty) the first call of each script falls back to EVAL once.
  const shas = new Map([takeScript, loadScript, giveScript].map((script) => [script, createHash('sha1').update(script).digest('hex')]));
  const run = async (script: string, options: { keys: string[]; arguments: string[] }) => {
    try {
      return await deadlines.within(client.evalSha(shas.get(script)!, options));
    } catch (error) {
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return deadlines.within(client.eval(script, options));
    }
  };
  const keys = (saleId: string) => [`${keyPrefix}sale:{${saleId}}:remaining`, `${keyPrefix}sale:{${saleId}}:limit`, `${keyPrefix}sale:{${saleId}}:buyers`];
  const reasons = { [-1]: 'NOT_LOADED', [-2]: 'PURCHASE_LIMIT', [-3]: 'SOLD_OUT' } as const;

  return {
    kind: 'redis',
    async load(saleId: string, state: SaleCounterState, ttlSeconds: number) {
      const pairs = Object.entries(state.heldByBuyer).flatMap(([buyer, units]) => [buyer, String(units)]);
      await run(loadScript, { keys: keys(saleId), arguments: [String(state.remaining), String(state.perBuyerLimit), String(ttlSeconds), ...pairs] });
    },
    async take(saleId: string, buyerId: string, quantity: number): Promise<TakeResult> {
      const [code, remaining] = (await run(takeScript, { keys: keys(saleId), arguments: [buyerId, String(quantity)] })) as [number, number];
      if (code === 1) return { ok: true, remaining };
      return { ok: false, reason: reasons[code as -1 | -2 | -3], remaining };
    },
    async give(saleId: string, buyerId: string, quantity: number, forgetBuyer: boolean) {
      await run(giveScript, { keys: keys(saleId), arguments: [buyerId, String(quantity), forgetBuyer ? '1' : '0'] });
    },
    async remaining(saleId: string) {
      const value = await client.get(keys(saleId)[0]!);
      return value === null ? null : Number(value);
    },
    async drop(saleId: string) {
      await client.del(keys(saleId));
    },
    async close() {
      deadlines.close();
      await client.close().catch(() => client.destroy());
    },
  };
}
