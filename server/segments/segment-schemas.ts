import { z } from 'zod';
import { entityId, textField } from '../fields/text-fields';
import { defineRoute, isoDateTime, listSchema } from '../http/route-schemas';

/**
 * A segment is a boolean expression over tags: a tag, AND / OR of expressions, or NOT of one.
 * Stored as JSON in Segment.filter and compiled to one SQL predicate over "Follower" (alias f),
 * so counting, listing and enqueueing a step all use the same set-based query.
 */
export type SegmentFilter =
  | { tag: string }
  | { and: SegmentFilter[] }
  | { or: SegmentFilter[] }
  | { not: SegmentFilter };

export const maxFilterDepth = 6;

export const segmentFilterSchema: z.ZodType<SegmentFilter> = z.lazy(() =>
  z.union([
    z.strictObject({ tag: entityId }),
    z.strictObject({ and: z.array(segmentFilterSchema).min(1).max(20) }),
    z.strictObject({ or: z.array(segmentFilterSchema).min(1).max(20) }),
    z.strictObject({ not: segmentFilterSchema }),
  ]),
);

// A named component in the OpenAPI document (it refers to itself).
z.globalRegistry.add(segmentFilterSchema, { id: 'SegmentFilter' });

/** Rejects filters nested deeper than maxFilterDepth (they are legal JSON but make unreadable SQL). */
export const boundedSegmentFilterSchema = segmentFilterSchema.refine(
  (filter) => filterDepth(filter) <= maxFilterDepth,
  {
    message: `a filter may nest at most ${maxFilterDepth} levels`,
  },
);

export function filterDepth(filter: SegmentFilter): number {
  if ('tag' in filter) return 1;
  if ('not' in filter) return 1 + filterDepth(filter.not);
  const children = 'and' in filter ? filter.and : filter.or;
  return 1 + Math.max(...children.map(filterDepth));
}

export const segmentInputSchema = z.strictObject({
  name: textField({ max: 80, required: true }),
  filter: boundedSegmentFilterSchema,
});
export type SegmentInput = z.infer<typeof segmentInputSchema>;

// ---- Answers and routes (server/http/route-schemas.ts) ----

export const segmentSchema = z.object({
  id: z.string(),
  brandId: z.string(),
  name: z.string(),
  filter: segmentFilterSchema,
  createdAt: isoDateTime,
});
export type Segment = z.infer<typeof segmentSchema>;

const brandParams = z.object({ brandId: entityId });
const segmentParams = brandParams.extend({ segmentId: entityId });
const tags = ['Segments'] as const;

export const segmentRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/segments',
    summary: "The brand's saved segments",
    tags,
    auth: 'staff',
    params: brandParams,
    response: listSchema(segmentSchema),
  }),
  count: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/segments/count',
    summary: 'How many followers a filter matches (while it is edited)',
    tags,
    auth: 'staff',
    params: brandParams,
    body: z.strictObject({ filter: boundedSegmentFilterSchema.nullable() }),
    response: z.object({ count: z.number().int() }),
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/segments',
    summary: 'Save a segment',
    tags,
    auth: 'staff',
    roles: ['ADMIN'],
    params: brandParams,
    body: segmentInputSchema,
    status: 201,
    response: segmentSchema,
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/brands/:brandId/segments/:segmentId',
    summary: 'One segment and how many followers it matches now',
    tags,
    auth: 'staff',
    params: segmentParams,
    response: segmentSchema.extend({ count: z.number().int() }),
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/brands/:brandId/segments/:segmentId',
    summary: 'Rename a segment or change its filter',
    tags,
    auth: 'staff',
    roles: ['ADMIN'],
    params: segmentParams,
    body: segmentInputSchema,
    response: segmentSchema,
  }),
  delete: defineRoute({
    method: 'DELETE',
    path: '/api/brands/:brandId/segments/:segmentId',
    summary: 'Delete a segment',
    tags,
    auth: 'staff',
    roles: ['ADMIN'],
    params: segmentParams,
    response: null,
    errors: ['CONFLICT'],
  }),
};
