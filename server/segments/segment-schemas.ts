import { z } from 'zod';
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
