import type { Database } from '../database/prisma-client';
import { AppError, notFound } from '../errors/app-error';
import { Prisma } from '../../prisma/generated/client';
import { audiencePredicate, filterTagIds } from './segment-filter';
import { segmentFilterSchema, type SegmentFilter, type SegmentInput } from './segment-schemas';

export { segmentInputSchema, type SegmentInput } from './segment-schemas';

async function assertOwnTags(db: Database, brandId: string, filter: SegmentFilter): Promise<void> {
  const ids = [...filterTagIds(filter)];
  const found = await db.tag.count({ where: { brandId, id: { in: ids } } });
  if (found !== ids.length)
    throw new AppError('VALIDATION_FAILED', 'the filter names a tag this brand does not have', {
      filter: 'unknown tag',
    });
}

/** Followers of the brand matching the filter, counted in one SQL statement. */
export async function countMatching(db: Database, brandId: string, filter: SegmentFilter | null): Promise<number> {
  if (filter) await assertOwnTags(db, brandId, filter);
  const rows = await db.$queryRaw<{ count: bigint }[]>(
    Prisma.sql`SELECT count(*)::bigint AS count FROM "Follower" f WHERE f."brandId" = ${brandId} AND ${audiencePredicate(filter)}`,
  );
  return Number(rows[0]?.count ?? 0);
}

export async function createSegment(db: Database, brandId: string, input: SegmentInput) {
  await assertOwnTags(db, brandId, input.filter);
  return db.segment.create({ data: { brandId, name: input.name, filter: input.filter as object } });
}

export async function updateSegment(db: Database, brandId: string, segmentId: string, input: SegmentInput) {
  await getSegment(db, brandId, segmentId);
  await assertOwnTags(db, brandId, input.filter);
  return db.segment.update({ where: { id: segmentId }, data: { name: input.name, filter: input.filter as object } });
}

export async function getSegment(db: Database, brandId: string, segmentId: string) {
  const segment = await db.segment.findFirst({ where: { id: segmentId, brandId } });
  if (!segment) throw notFound('segment');
  return { ...segment, filter: parseStoredFilter(segment.filter) };
}

export async function listSegments(db: Database, brandId: string) {
  const segments = await db.segment.findMany({ where: { brandId }, orderBy: { createdAt: 'desc' } });
  return segments.map((segment) => ({ ...segment, filter: parseStoredFilter(segment.filter) }));
}

export async function deleteSegment(db: Database, brandId: string, segmentId: string): Promise<void> {
  const { count } = await db.segment.deleteMany({ where: { id: segmentId, brandId } });
  if (count === 0) throw notFound('segment');
}

/** Stored JSON is re-validated on the way out: a row edited by hand must not reach the SQL compiler unchecked. */
export function parseStoredFilter(value: unknown): SegmentFilter {
  const parsed = segmentFilterSchema.safeParse(value);
  if (!parsed.success) throw new AppError('INTERNAL', 'a stored segment filter is invalid');
  return parsed.data;
}
