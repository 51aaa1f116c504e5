import { describe, expect, it } from 'vitest';
import { compileSegmentFilter, filterTagIds } from './segment-filter';
import { boundedSegmentFilterSchema, filterDepth } from './segment-schemas';

describe('segment filter', () => {
  it('accepts tags combined with and, or and not', () => {
    const filter = { and: [{ tag: 'vip' }, { or: [{ tag: 'bags' }, { tag: 'shoes' }] }, { not: { tag: 'churned' } }] };
    expect(boundedSegmentFilterSchema.parse(filter)).toEqual(filter);
    expect([...filterTagIds(filter)].sort()).toEqual(['bags', 'churned', 'shoes', 'vip']);
    expect(filterDepth(filter)).toBe(3);
  });

  it('rejects unknown operators, empty groups and extra keys', () => {
    expect(boundedSegmentFilterSchema.safeParse({ xor: [{ tag: 'a' }] }).success).toBe(false);
    expect(boundedSegmentFilterSchema.safeParse({ and: [] }).success).toBe(false);
    expect(boundedSegmentFilterSchema.safeParse({ tag: 'a', or: [{ tag: 'b' }] }).success).toBe(false);
  });

  it('rejects filters nested too deep', () => {
    let filter: object = { tag: 'a' };
    for (let level = 0; level < 7; level += 1) filter = { not: filter };
    expect(boundedSegmentFilterSchema.safeParse(filter).success).toBe(false);
  });

  it('binds tag ids as parameters, never into the SQL text', () => {
    const sql = compileSegmentFilter({ or: [{ tag: 'x\'); DROP TABLE "Follower"; --' }, { not: { tag: 'b' } }] });
    expect(sql.sql).not.toContain('DROP');
    expect(sql.values).toEqual(['x\'); DROP TABLE "Follower"; --', 'b']);
    expect(sql.sql).toMatch(/\(\(EXISTS .*\) OR \(NOT \(EXISTS .*\)\)\)/s);
  });
});
