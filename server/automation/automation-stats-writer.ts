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

  async function write(batchHits: HitRecord[], batchUnmatched: UnmatchedCount[]) {
    const pool = sqlPool(db);
    const iso = (at: Date) => at.toISOString();
    await Promise.all([
      batchHits.length > 0 &&
        pool.query(insertHits, [
          batchHits.map(() => newId()),
          batchHits.map((hit) => hit.brandId),
          batchHits.map((hit) => hit.ruleId),
          batchHits.map((hit) => hit.keyword),
          batchHits.map((hit) => hit.conversationId),
          batchHits.map((hit) => hit.userId),
          batchHits.map((hit) => iso(hit.at)),
        ]),
      batchUnmatched.length > 0 &&
        pool.query(upsertUnmatched, [
          batchUnmatched.map(() => newId()),
          batchUnmatched.map((row) => row.brandId),
          batchUnmatched.map((row) => row.normalized),
          batchUnmatched.map((row) => row.sample),
          batchUnmatched.map((row) => row.count),
          batchUnmatched.map((row) => iso(row.at)),
        ]),
    ]);
  }

  /** Writes everything buffered until now (waits for a write in flight first). */
  async function flush(): Promise<void> {
    while (running) await running;
    if (hits.length === 0 && unmatched.size === 0) return;
    const batchHits = hits;
    const batchUnmatched = [...unmatched.values()];
    hits = [];
    unmatched = new Map();
    running = write(batchHits, batchUnmatched)
      .catch((error: unknown) => {
        options.log?.warn({ err: error }, 'automation: writing keyword statistics failed; retrying');
        keep(batchHits, batchUnmatched);
        schedule();
      })
      .finally(() => {
        running = null;
      });
    await running;
  }

  return {
    recordHit(hit: HitRecord) {
      if (closed) return void write([hit], []).catch(() => {});
      hits.push(hit);
      if (hits.length > maxBuffered) hits.shift();
      schedule();
    },
    recordUnmatched(record: UnmatchedRecord) {
      if (closed) return void write([], [{ ...record, count: 1 }]).catch(() => {});
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
