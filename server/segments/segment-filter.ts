import { z } from 'zod';
import { Prisma } from '../../prisma/generated/client';
import { entityId } from '../fields/text-fields';

/**
 * A segment is a boolean expression over tags: a tag, AND / OR of expressions, or NOT of one.
 * Stored as JSON in Segment.filter and compiled to one SQL predicate over "Follower" (alias f),
 * so counting, listing and enqueueing a step all use the same set-based query.
 */
export type SegmentFilter = { tag: string } | { and: SegmentFilter[] } | { or: SegmentFilter[] } | { not: SegmentFilter };

export const maxFilterDepth = 6;

export const segmentFilterSchema: z.ZodType<SegmentFilter> = z.lazy(() =>
  z.union([
    z.strictObject({ tag: entityId }),
    z.strictObject({ and: z.array(segmentFilterSchema).min(1).max(20) }),
    z.strictObject({ or: z.array(segmentFilterSchema).min(1).max(20) }),
    z.strictObject({ not: segmentFilterSchema }),
  ]),
);

/** Rejects filters nested deeper than maxFilterDepth (they are legal JSON but make unreadable SQL). */
export const boundedSegmentFilterSchema = segmentFilterSchema.refine((filter) => filterDepth(filter) <= maxFilterDepth, {
  message: `a filter may nest at most ${maxFilterDepth} levels`,
});

export function filterDepth(filter: SegmentFilter): number {
  if ('tag' in filter) return 1;
  if ('not' in filter) return 1 + filterDepth(filter.not);
  const children = 'and' in filter ? filter.and : filter.or;
  return 1 + Math.max(...children.map(filterDepth));
}

export function filterTagIds(filter: SegmentFilter, into = new Set<string>()): Set<string> {
  if ('tag' in filter) into.add(filter.tag);
  else if ('not' in filter) filterTagIds(filter.not, into);
  else for (const child of 'and' in filter ? filter.and : filter.or) filterTagIds(child, into);
  return into;
}

/** SQL predicate over the follower row aliased `f`; tag ids are bound parameters, never spliced. */
export function compileSegmentFilter(filter: SegmentFilter): Prisma.Sql {
  if ('tag' in filter) {
    return Prisma.sql`EXISTS (SELECT 1 FROM "FollowerTag" ft WHERE ft."followerId" = f."id" AND ft."tagId" = ${filter.tag})`;
  }
  if ('not' in filter) return Prisma.sql`NOT (${compileSegmentFilter(filter.not)})`;
  const [children, joiner] = 'and' in filter ? [filter.and, ' AND '] : [filter.or, ' OR '];
  return Prisma.sql`(${Prisma.join(children.map((child) => Prisma.sql`(${compileSegmentFilter(child)})`), joiner)})`;
}

/** The whole audience when there is no segment. */
export function audiencePredicate(filter: SegmentFilter | null): Prisma.Sql {
  return filter ? compileSegmentFilter(filter) : Prisma.sql`TRUE`;
}
