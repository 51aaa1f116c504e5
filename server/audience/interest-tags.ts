import type { Database } from '../database/prisma-client';
import { Prisma } from '../../prisma/generated/client';

/** Tags a follower with an interest ("bags"); the tag is created on first use. Idempotent. */
export async function addInterestTag(
  db: Database,
  brandId: string,
  followerId: string,
  category: string,
): Promise<void> {
  const name = category.trim().toLowerCase().slice(0, 60);
  if (!name) return;
  const tag = await db.tag.upsert({
    where: { brandId_name: { brandId, name } },
    create: { brandId, name, kind: 'INTEREST' },
    update: {},
  });
  await db.$executeRaw(Prisma.sql`
    INSERT INTO "FollowerTag" ("followerId", "tagId", "createdAt") VALUES (${followerId}, ${tag.id}, now())
    ON CONFLICT DO NOTHING`);
}
