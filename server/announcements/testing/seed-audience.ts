// Fixtures for the announcement tests and benchmark: a brand, a show, a product and N followers with accounts,
// created set-based (generate_series) so 100,000 followers take seconds.
import { randomBytes } from 'node:crypto';
import type { Database } from '../../database/prisma-client';
import { Prisma } from '../../../prisma/generated/client';

export interface SeededAudience {
  brandId: string;
  showId: string;
  productId: string;
  tagIds: { vip: string; bags: string; even: string };
}

export async function seedAudience(
  db: Database,
  options: { followers: number; startsInMinutes?: number; emails?: boolean; namePrefix?: string },
): Promise<SeededAudience> {
  const suffix = randomBytes(4).toString('hex');
  // Each create returns only its id: the migration test seeds a database that is some migrations behind the client.
  const only = { id: true } as const;
  // In SQL: the client would also write the defaults of columns that later migrations added.
  const brand = { id: `brand-${suffix}` };
  await db.$executeRaw`INSERT INTO "Brand" ("id", "name", "slug") VALUES (${brand.id}, ${`Brand ${suffix}`}, ${`brand-${suffix}`})`;
  const show = await db.show.create({
    data: {
      brandId: brand.id,
      title: 'Autumn bags live',
      scheduledStartAt: new Date(Date.now() + (options.startsInMinutes ?? 3 * 24 * 60) * 60_000),
      streamKeyHash: `hash-${suffix}`,
    },
    select: only,
  });
  const product = await db.product.create({
    data: { brandId: brand.id, title: 'Tote bag', priceMinor: 4900, category: 'Bags', stock: 10 },
    select: only,
  });
  const prefix = options.namePrefix ?? 'Follower';
  await db.$executeRaw(Prisma.sql`
    INSERT INTO "User" ("id", "email", "name", "passwordHash", "createdAt")
    SELECT ${suffix} || '-u' || i, ${suffix} || '-' || i || '@example.test', ${prefix} || ' ' || i, 'x', now()
    FROM generate_series(1, ${options.followers}::int) AS i`);
  await db.$executeRaw(Prisma.sql`
    INSERT INTO "Follower" ("id", "brandId", "userId", "email", "name", "createdAt")
    SELECT ${suffix} || '-f' || i, ${brand.id}, ${suffix} || '-u' || i,
      CASE WHEN ${options.emails ?? false} THEN ${suffix} || '-' || i || '@example.test' ELSE NULL END, ${prefix} || ' ' || i, now()
    FROM generate_series(1, ${options.followers}::int) AS i`);
  const vip = await db.tag.create({ data: { brandId: brand.id, name: 'vip' }, select: only });
  const bags = await db.tag.create({ data: { brandId: brand.id, name: 'bags', kind: 'INTEREST' }, select: only });
  const even = await db.tag.create({ data: { brandId: brand.id, name: 'even' }, select: only });
  // vip: every 10th follower; bags: every 3rd; even: every 2nd.
  await db.$executeRaw(Prisma.sql`
    INSERT INTO "FollowerTag" ("followerId", "tagId", "createdAt")
    SELECT ${suffix} || '-f' || i, t.tag, now() FROM generate_series(1, ${options.followers}::int) AS i
    CROSS JOIN LATERAL (VALUES (${vip.id}, 10), (${bags.id}, 3), (${even.id}, 2)) AS t(tag, every)
    WHERE i % t.every = 0`);
  return {
    brandId: brand.id,
    showId: show.id,
    productId: product.id,
    tagIds: { vip: vip.id, bags: bags.id, even: even.id },
  };
}
