import { createHash } from 'node:crypto';
import { createClient } from 'redis';
import { CommandDeadlines } from './command-deadlines';
import { SaleOpBatches } from './sale-op-batches';
import type { SaleCounterState, StockCounter, TakeResult } from './stock-counter';

// Every take and give of one sale that arrives in the same turn of the event loop goes to Redis as one script
// call, applied in arrival order, each op as atomic as on its own: one round trip (and one command for Redis to
// parse) per turn instead of one per buyer.
// KEYS[1] = remaining, KEYS[2] = limit, KEYS[3] = hash buyer -> units; ARGV = op, buyer, quantity, op, buyer, ...
// op: 't' take, 'g' give, 'f' give and forget the buyer's units. Returns code, remaining per op.
// Take codes: 1 ok, -1 not loaded, -2 over the buyer's limit, -3 sold out. Give: 1 given, 0 not loaded (after a
// restart the rebuild from the database already counts the units).
const batchScript = `
local out = {}
if redis.call('EXISTS', KEYS[1]) == 0 then
  for i = 1, #ARGV, 3 do
    out[#out + 1] = ARGV[i] == 't' and -1 or 0
    out[#out + 1] = 0
  end
  return out
end
local remaining = tonumber(redis.call('GET', KEYS[1]))
local limit = tonumber(redis.call('GET', KEYS[2]) or '0')
for i = 1, #ARGV, 3 do
  local op, buyer, q = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  local code = 1
  if op == 't' then
    local held = tonumber(redis.call('HGET', KEYS[3], buyer) or '0')
    if held + q > limit then code = -2
    elseif remaining < q then code = -3
    else
      remaining = redis.call('DECRBY', KEYS[1], q)
      redis.call('HINCRBY', KEYS[3], buyer, q)
    end
  else
    remaining = redis.call('INCRBY', KEYS[1], q)
    if op == 'f' then
      local held = redis.call('HINCRBY', KEYS[3], buyer, 0 - q)
      if held <= 0 then redis.call('HDEL', KEYS[3], buyer) end
    end
  end
  out[#out + 1] = code
  out[#out + 1] = remaining
end
return out
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

type RedisClient = ReturnType<typeof createClient>;

export async function createRedisStockCounter(
  url: string,
  keyPrefix = 'livecart:',
  commandLimitMs = 1000,
): Promise<StockCounter> {
  // No per-command timeout in the client (see CommandDeadlines); while disconnected commands fail at once instead of
  // queueing, so buyers get the database's answer during a Redis outage.
  const client: RedisClient = createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout: 0 },
  } as Parameters<typeof createClient>[0]);
  const deadlines = new CommandDeadlines(commandLimitMs);
  client.on('error', () => {
    // reconnects by itself; callers see failed commands and fall back to the database's answer
  });
  await client.connect();
  // EVALSHA: Redis runs its cached copy instead of receiving and hashing the script text on every purchase;
  // after a Redis restart (script cache empty) the first call of each script falls back to EVAL once.
  const shas = new Map(
    [batchScript, loadScript].map((script) => [script, createHash('sha1').update(script).digest('hex')]),
  );
  const run = async (script: string, options: { keys: string[]; arguments: string[] }) => {
    try {
      return await deadlines.within(client.evalSha(shas.get(script)!, options));
    } catch (error) {
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return deadlines.within(client.eval(script, options));
    }
  };
  const keys = (saleId: string) => [
    `${keyPrefix}sale:{${saleId}}:remaining`,
    `${keyPrefix}sale:{${saleId}}:limit`,
    `${keyPrefix}sale:{${saleId}}:buyers`,
  ];
  const reasons = { [-1]: 'NOT_LOADED', [-2]: 'PURCHASE_LIMIT', [-3]: 'SOLD_OUT' } as const;
  const batches = new SaleOpBatches(
    async (saleId, args) => (await run(batchScript, { keys: keys(saleId), arguments: args })) as number[],
  );

  return {
    kind: 'redis',
    async load(saleId: string, state: SaleCounterState, ttlSeconds: number) {
      const pairs = Object.entries(state.heldByBuyer).flatMap(([buyer, units]) => [buyer, String(units)]);
      await run(loadScript, {
        keys: keys(saleId),
        arguments: [String(state.remaining), String(state.perBuyerLimit), String(ttlSeconds), ...pairs],
      });
    },
    async take(saleId: string, buyerId: string, quantity: number): Promise<TakeResult> {
      const [code, remaining] = await batches.submit(saleId, 't', buyerId, quantity);
      if (code === 1) return { ok: true, remaining };
      return { ok: false, reason: reasons[code as -1 | -2 | -3], remaining };
    },
    async give(saleId: string, buyerId: string, quantity: number, forgetBuyer: boolean) {
      await batches.submit(saleId, forgetBuyer ? 'f' : 'g', buyerId, quantity);
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
