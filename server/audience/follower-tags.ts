import type { bulkTagSchema, tagCreateSchema } from './audience-schemas';
import type { z } from 'zod';
import type { Database } from '../database/prisma-client';
import { AppError, notFound } from '../errors/app-error';
import { Prisma } from '../../prisma/generated/client';

export { bulkTagSchema, noteSchema, tagCreateSchema, tagNameSchema } from './audience-schemas';

export async function listTags(db: Database, brandId: string) {
  const tags = await db.tag.findMany({
    where: { brandId },
    orderBy: { name: 'asc' },
    include: { _count: { select: { followers: true } } },
  });
  return tags.map(({ _count, ...tag }) => ({ ...tag, followers: _count.followers }));
}

export async function createTag(db: Database, brandId: string, input: z.infer<typeof tagCreateSchema>) {
  const existing = await db.tag.findUnique({ where: { brandId_name: { brandId, name: input.name } } });
  if (existing) throw new AppError('CONFLICT', `the tag "${input.name}" exists already`, { name: 'taken' });
  return db.tag.create({ data: { brandId, ...input } });
}

export async function deleteTag(db: Database, brandId: string, tagId: string): Promise<void> {
  const used = await db.segment.findMany({ where: { brandId }, select: { name: true, filter: true } });
  const inUse = used.find((segment) => JSON.stringify(segment.filter).includes(`"${tagId}"`));
  if (inUse) throw new AppError('CONFLICT', `the segment "${inUse.name}" uses this tag`);
  const { count } = await db.tag.deleteMany({ where: { id: tagId, brandId } });
  if (count === 0) throw notFound('tag');
}

/** Adds or removes tags on many followers in two set-based statements; ids of other brands are ignored. */
export async function bulkTag(
  db: Database,
  brandId: string,
  input: z.infer<typeof bulkTagSchema>,
): Promise<{ changed: number }> {
  const tags = await db.tag.count({ where: { brandId, id: { in: input.tagIds } } });
  if (tags !== new Set(input.tagIds).size)
    throw new AppError('VALIDATION_FAILED', 'a tag does not belong to this brand', { tagIds: 'unknown tag' });
  if (input.action === 'remove') {
    const { count } = await db.followerTag.deleteMany({
      where: { tagId: { in: input.tagIds }, followerId: { in: input.followerIds }, follower: { brandId } },
    });
    return { changed: count };
  }
  const changed = await db.$executeRaw(Prisma.sql`
    INSERT INTO "FollowerTag" ("followerId", "tagId", "createdAt")
    SELECT f."id", t."id", now() FROM "Follower" f CROSS JOIN "Tag" t
    WHERE f."brandId" = ${brandId} AND f."id" = ANY(${input.followerIds}::text[]) AND t."brandId" = ${brandId} AND t."id" = ANY(${input.tagIds}::text[])
    ON CONFLICT DO NOTHING`);
  return { changed };
}

export async function setNote(db: Database, brandId: string, followerId: string, note: string): Promise<void> {
  const { count } = await db.follower.updateMany({ where: { id: followerId, brandId }, data: { note } });
  if (count === 0) throw notFound('follower');
}
