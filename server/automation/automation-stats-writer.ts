// Keyword statistics written behind the conversation, not in its way: a hit row per auto-reply and the count of
// each unmatched question are buffered and written every `flushMs` in one statement each (an unmatched question
// asked ten times in that window is one upsert adding 10). At 100 messages a second that is a few statements a
// second instead of one per message. Rows carry the time they happened (orders within 24 h of a reply count from
// it). close() writes what is left, so a shutdown loses nothing; the stats route flushes first, so a brand reads
// this process's own latest hits. A failed write keeps its rows for the next flush (bounded; the oldest go first).
import { newId } from '../commerce/new-id';
import { sqlPool, type Database } from '../database/prisma-client';

export interface HitRecord {
  brandId: string;
  ruleId: string;
  keyword: string;
  conversationId: string | null;
  userId: string | null;
  at: Date;
}

export interface UnmatchedRecord {
  brandId: string;
  normalized: string;
  sample: string;
  at: Date;
}

interface UnmatchedCount extends UnmatchedRecord {
  count: number;
}

const insertHits = `
  INSERT INTO "AutoReplyHit" ("id", "brandId", "ruleId", "keyword", "conversationId", "userId", "createdAt")
  SELECT h."id", h."brandId", h."ruleId", h."keyword", h."conversationId", h."userId",
         (h."at"::timestamptz AT TIME ZONE 'UTC')
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         AS h("id", "brandId", "ruleId", "keyword", "conversationId", "userId", "at")
    -- A rule deleted since its hit was buffered takes its hits with it (as the cascade would have).
    JOIN "AutoReplyRule" rule ON rule."id" = h."ruleId"`;

const upsertUnmatched = `
  INSERT INTO "UnmatchedQuestion" ("id", "brandId", "normalized", "sample", "count", "lastAskedAt")
  SELECT u."id", u."brandId", u."normalized", u."sample", u."count", (u."at"::timestamptz AT TIME ZONE 'UTC')
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[])
         AS u("id", "brandId", "normalized", "sample", "count", "at")
  ON CONFLICT ("brandId", "normalized") DO UPDATE
     SET "count" = "UnmatchedQuestion"."count" + EXCLUDED."count",
         "lastAskedAt" = GREATEST("UnmatchedQuestion"."lastAskedAt", EXCLUDED."lastAskedAt"),
         "sample" = EXCLUDED."sample"`;

export function createAutomationStatsWriter(
  db: Database,
  options: { flushMs?: number; maxBuffered?: number; log?: { warn(object: object, message: string): void } } = {},
) {
  const flushMs = options.flushMs ?? 100;
  const maxBuffered = options.maxBuffered ?? 50_000;
  let hits: HitRecord[] = [];
  let unmatched = new Map<string, UnmatchedCount>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let closed = false;

  const schedule = () => {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, flushMs);
    timer.unref();
  };

  const keep = (lostHits: HitRecord[], lostUnmatched: UnmatchedCount[]) => {
    hits = [...lostHits, ...hits].slice(-maxBuffered);
    for (const row of lostUnmatched) addUnmatched(row, row.count);
  };

  function addUnmatched(record: UnmatchedRecord, count: number) {
    const key = `${record.brandId}\n${record.normalized}`;
    const known = unmatched.get(key);
    if (known) {
      known.count += count;
      if (record.at >= known.at) Object.assign(known, { sample: record.sample, at: record.at });
    } else if (unmatched.size < maxBuffered) unmatched.set(key, { ...record, count });
  }

  const iso = (at: Date) => at.toISOString();
  const writeHits = (batch: HitRecord[]) =>
    sqlPool(db).query(insertHits, [
      batch.map(() => newId()),
      batch.map((hit) => hit.brandId),
      batch.map((hit) => hit.ruleId),
      batch.map((hit) => hit.keyword),
      batch.map((hit) => hit.conversationId),
      batch.map((hit) => hit.userId),
      batch.map((hit) => iso(hit.at)),
    ]);
  const writeUnmatched = (batch: UnmatchedCount[]) =>
    sqlPool(db).query(upsertUnmatched, [
      batch.map(() => newId()),
      batch.map((row) => row.brandId),
      batch.map((row) => row.normalized),
      batch.map((row) => row.sample),
      batch.map((row) => row.count),
      batch.map((row) => iso(row.at)),
    ]);

  /** Both statements; each one that fails keeps its own rows for the next flush (never the other's: no double count). */
  async function write(batchHits: HitRecord[], batchUnmatched: UnmatchedCount[]): Promise<void> {
    const [hitsDone, unmatchedDone] = await Promise.allSettled([
      batchHits.length > 0 ? writeHits(batchHits) : null,
      batchUnmatched.length > 0 ? writeUnmatched(batchUnmatched) : null,
    ]);
    const failed = [hitsDone, unmatchedDone].find((result) => result.status === 'rejected');
    if (!failed) return;
    options.log?.warn({ err: failed.reason }, 'automation: writing keyword statistics failed; retrying');
    keep(hitsDone.status === 'rejected' ? batchHits : [], unmatchedDone.status === 'rejected' ? batchUnmatched : []);
    schedule();
  }

  /** Writes everything buffered until now (waits for a write in flight first). */
  async function flush(): Promise<void> {
    while (running) await running;
    if (hits.length === 0 && unmatched.size === 0) return;
    const batchHits = hits;
    const batchUnmatched = [...unmatched.values()];
    hits = [];
    unmatched = new Map();
    running = write(batchHits, batchUnmatched).finally(() => {
      running = null;
    });
    await running;
  }

  return {
    recordHit(hit: HitRecord) {
      if (closed) return void writeHits([hit]).catch(() => {});
      hits.push(hit);
      if (hits.length > maxBuffered) hits.shift();
      schedule();
    },
    recordUnmatched(record: UnmatchedRecord) {
      if (closed) return void writeUnmatched([{ ...record, count: 1 }]).catch(() => {});
      addUnmatched(record, 1);
      schedule();
    },
    flush,
    /** Stops the timer and writes what is left. */
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await flush();
      // One more try for rows a failed write just kept.
      await flush();
    },
  };
}
export type AutomationStatsWriter = ReturnType<typeof createAutomationStatsWriter>;
