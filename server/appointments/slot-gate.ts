// In-process shortcuts in front of the database's booking constraint, for crowds: requests for one slot key
// (advisor, start, type) go to PostgreSQL one at a time per process, and a key seen full answers "taken" without a
// query for a second (on this process's clock of the request). Releases in this process clear their advisor's keys
// at once; other processes learn within that second. The constraint alone decides who gets a seat: these only
// spare it the requests that would lose anyway.
export type HoldOutcome = 'OK' | 'FULL' | 'TAKEN' | 'DUPLICATE' | 'LIMIT';

const fullForMs = 1000;
const queuedMs = 30_000;
const fullSince = new Map<string, number>();
const queues = new Map<string, Promise<unknown>>();

export const slotKey = (advisorId: string, start: number, typeId: string) => `${advisorId}|${start}|${typeId}`;

export function gatedHold(
  key: string,
  now: number,
  capacity: number,
  hold: () => Promise<HoldOutcome>,
): Promise<HoldOutcome> {
  // `earlierMs`: how long before the full answer this request may have started and still take it. At the door, none
  // (another clock's answer says nothing); in the queue, a request that arrived before the last seat went, while
  // the query that took it ran, finds it full too (queued requests of a crowd no longer each ask the database).
  const knownFull = (earlierMs: number) => {
    const since = fullSince.get(key);
    return since !== undefined && now >= since - earlierMs && now - since < fullForMs;
  };
  if (knownFull(0)) return Promise.resolve('FULL');
  const previous = queues.get(key) ?? Promise.resolve();
  const mine = previous.then(async (): Promise<HoldOutcome> => {
    if (knownFull(queuedMs)) return 'FULL';
    const outcome = await hold();
    if (outcome === 'FULL' || outcome === 'TAKEN' || (outcome === 'OK' && capacity === 1)) fullSince.set(key, now);
    return outcome;
  });
  const settled = mine.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return mine;
}

/** A seat of this advisor was given back here: its keys are worth asking the database again. */
export function forgetFull(advisorId: string | null): void {
  if (advisorId === null) {
    fullSince.clear();
    return;
  }
  for (const key of fullSince.keys()) if (key.startsWith(`${advisorId}|`)) fullSince.delete(key);
}
