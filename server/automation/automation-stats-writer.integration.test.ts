// The keyword statistics written behind: nothing is lost on close, an unmatched question asked many times is one
// row counting them all, and a hit of a rule deleted meanwhile is dropped without failing the others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
import { createAutomationStatsWriter } from './automation-stats-writer';

let t: TestDatabase;
let brandId: string;
const rule = (name: string) =>
  t.db.autoReplyRule.create({ data: { brandId, name, keywords: [name], balloons: [{ type: 'text', text: 'x' }] } });

beforeAll(async () => {
  t = await createTestDatabase();
  brandId = (await t.db.brand.create({ data: { name: 'Stats', slug: 'stats' } })).id;
});
afterAll(async () => t?.drop());

describe('automation statistics writer', () => {
  it('writes buffered hits and unmatched questions on close, counted and with the time they happened', async () => {
    const writer = createAutomationStatsWriter(t.db, { flushMs: 60_000 });
    const kept = await rule('kept');
    const at = new Date(Date.now() - 5_000);
    writer.recordHit({ brandId, ruleId: kept.id, keyword: 'kept', conversationId: null, userId: null, at });
    for (const sample of ['Red?', 'red?', 'RED?'])
      writer.recordUnmatched({ brandId, normalized: 'red?', sample, at: new Date() });
    expect(await t.db.autoReplyHit.count({ where: { brandId } })).toBe(0);
    await writer.close();
    const hits = await t.db.autoReplyHit.findMany({ where: { brandId } });
    expect(hits.map((hit) => [hit.keyword, hit.createdAt.getTime()])).toEqual([['kept', at.getTime()]]);
    const unmatched = await t.db.unmatchedQuestion.findMany({ where: { brandId } });
    expect(unmatched.map((row) => [row.normalized, row.count, row.sample])).toEqual([['red?', 3, 'RED?']]);
  });

  it('adds to an existing question and drops a deleted rule’s hit alone, on its own timer', async () => {
    const writer = createAutomationStatsWriter(t.db, { flushMs: 20 });
    const [gone, stays] = await Promise.all([rule('gone'), rule('stays')]);
    const hit = (ruleId: string, keyword: string) =>
      writer.recordHit({ brandId, ruleId, keyword, conversationId: null, userId: null, at: new Date() });
    hit(gone.id, 'gone');
    hit(stays.id, 'stays');
    writer.recordUnmatched({ brandId, normalized: 'red?', sample: 'red?', at: new Date() });
    await t.db.autoReplyRule.delete({ where: { id: gone.id } });
    // Written by its timer, not by a flush call: wait for it (a loaded machine may take a while).
    for (let waited = 0; waited < 5_000; waited += 50) {
      const [hits, question] = await Promise.all([
        t.db.autoReplyHit.count({ where: { brandId, keyword: 'stays' } }),
        t.db.unmatchedQuestion.findFirst({ where: { brandId } }),
      ]);
      if (hits > 0 && question?.count === 4) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const keywords = (await t.db.autoReplyHit.findMany({ where: { brandId } })).map((row) => row.keyword).sort();
    expect(keywords).toEqual(['kept', 'stays']);
    expect((await t.db.unmatchedQuestion.findFirstOrThrow({ where: { brandId } })).count).toBe(4);
    await writer.close();
  });
});
