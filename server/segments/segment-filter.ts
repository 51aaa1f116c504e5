import { Prisma } from '../../prisma/generated/client';
import type { SegmentFilter } from './segment-schemas';

// The filter's shape and validation live in segment-schemas.ts (shared with web/); this file turns it into SQL.

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
  return Prisma.sql`(${Prisma.join(
    children.map((child) => Prisma.sql`(${compileSegmentFilter(child)})`),
    joiner,
  )})`;
}

/** The whole audience when there is no segment. */
export function audiencePredicate(filter: SegmentFilter | null): Prisma.Sql {
  return filter ? compileSegmentFilter(filter) : Prisma.sql`TRUE`;
}
