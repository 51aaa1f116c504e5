// Audience insight: interest tags (learned from taps and purchases, and from announcement product clicks) as
// segment-ready counts per tag, and per follower.
import type { Database } from '../database/prisma-client';
import type { InterestCounts } from './analytics-schemas';

export async function interestCounts(db: Database, brandId: string, limit = 50): Promise<InterestCounts> {
  const [interests, followers] = await Promise.all([
    db.$queryRaw<InterestCounts['interests']>`
      SELECT t.id AS "tagId", t.name, count(ft."followerId")::int AS followers
      FROM "Tag" t LEFT JOIN "FollowerTag" ft ON ft."tagId" = t.id
      WHERE t."brandId" = ${brandId} AND t.kind = 'INTEREST'
      GROUP BY t.id, t.name ORDER BY followers DESC, t.name LIMIT 200`,
    db.$queryRaw<InterestCounts['followers']>`
      SELECT f.id AS "followerId", f.name, array_agg(t.name ORDER BY t.name) AS interests
      FROM "Follower" f JOIN "FollowerTag" ft ON ft."followerId" = f.id JOIN "Tag" t ON t.id = ft."tagId" AND t.kind = 'INTEREST'
      WHERE f."brandId" = ${brandId}
      GROUP BY f.id, f.name ORDER BY max(ft."createdAt") DESC LIMIT ${limit}`,
  ]);
  return { interests, followers };
}

export async function setAnalyticsTimeZone(
  db: Database,
  brandId: string,
  timeZone: string,
): Promise<{ timeZone: string }> {
  await db.analyticsBrandSettings.upsert({ where: { brandId }, create: { brandId, timeZone }, update: { timeZone } });
  return { timeZone };
}
