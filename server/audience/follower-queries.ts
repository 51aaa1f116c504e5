import type { FollowerListQuery } from './audience-schemas';
import type { Database } from '../database/prisma-client';
import { notFound } from '../errors/app-error';
import { Prisma } from '../../prisma/generated/client';
import { audiencePredicate } from '../segments/segment-filter';
import { getSegment } from '../segments/segment-service';

export { followerListQuerySchema, type FollowerListQuery } from './audience-schemas';

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** The brand's audience, searchable by name, email, phone or external id, filterable by a tag or a saved segment. */
export async function listFollowers(db: Database, brandId: string, query: FollowerListQuery) {
  const conditions: Prisma.Sql[] = [Prisma.sql`f."brandId" = ${brandId}`];
  if (query.q) {
    const like = `%${likeEscape(query.q)}%`;
    conditions.push(
      Prisma.sql`(f."name" ILIKE ${like} OR f."email" ILIKE ${like} OR f."phone" ILIKE ${like} OR f."externalId" ILIKE ${like})`,
    );
  }
  if (query.tagId) conditions.push(audiencePredicate({ tag: query.tagId }));
  if (query.segmentId) conditions.push(audiencePredicate((await getSegment(db, brandId, query.segmentId)).filter));
  if (query.cursor) {
    const anchor = await db.follower.findFirst({
      where: { id: query.cursor, brandId },
      select: { createdAt: true, id: true },
    });
    if (anchor) conditions.push(Prisma.sql`(f."createdAt", f."id") < (${anchor.createdAt}::timestamp, ${anchor.id})`);
  }
  const rows = await db.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT f."id" FROM "Follower" f WHERE ${Prisma.join(conditions, ' AND ')}
    ORDER BY f."createdAt" DESC, f."id" DESC LIMIT ${query.limit + 1}`);
  const ids = rows.slice(0, query.limit).map((row) => row.id);
  const followers = await db.follower.findMany({
    where: { id: { in: ids } },
    include: { tags: { include: { tag: true } } },
  });
  const byId = new Map(followers.map((follower) => [follower.id, follower]));
  return {
    items: ids.flatMap((id) => {
      const follower = byId.get(id);
      return follower ? [toFollowerView(follower)] : [];
    }),
    nextCursor: rows.length > query.limit ? (ids.at(-1) ?? null) : null,
  };
}

type FollowerWithTags = Prisma.FollowerGetPayload<{ include: { tags: { include: { tag: true } } } }>;

export function toFollowerView(follower: FollowerWithTags) {
  return {
    id: follower.id,
    name: follower.name,
    email: follower.email,
    phone: follower.phone,
    externalId: follower.externalId,
    hasAccount: follower.userId !== null,
    note: follower.note,
    optOut: { email: follower.optOutEmail, push: follower.optOutPush, line: follower.optOutLine },
    createdAt: follower.createdAt.toISOString(),
    tags: follower.tags.map(({ tag }) => ({ id: tag.id, name: tag.name, kind: tag.kind })),
  };
}

export async function getFollower(db: Database, brandId: string, followerId: string) {
  const follower = await db.follower.findFirst({
    where: { id: followerId, brandId },
    include: { tags: { include: { tag: true } } },
  });
  if (!follower) throw notFound('follower');
  return toFollowerView(follower);
}
