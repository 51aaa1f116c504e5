// A customer who follows the brand and is in its VIP segment (tagged vip), for end-to-end tests of what VIPs see.
import type { Database } from '../../../server/database/prisma-client';

export async function seedVipFollower(db: Database, brandId: string, email: string, name = 'Vivian') {
  const vip = await db.tag.create({ data: { brandId, name: 'vip' } });
  const segment = await db.segment.create({ data: { brandId, name: 'VIP', filter: { tag: vip.id } } });
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const follower = await db.follower.create({ data: { brandId, userId: user.id, name } });
  await db.followerTag.create({ data: { followerId: follower.id, tagId: vip.id } });
  return { vip, segment, user, follower };
}
