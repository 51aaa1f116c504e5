import { hashPassword } from '../../server/accounts/password-hashing';
import { newStreamKey } from '../../server/shows/stream-keys';
import type { Database } from '../../server/database/prisma-client';

/** Another tenant with its own admin, product and show, for isolation tests. */
export async function createSecondBrand(db: Database, password: string) {
  const brand = await db.brand.create({ data: { name: 'Rival Goods', slug: `rival-${Date.now()}` } });
  const admin = await db.user.create({
    data: {
      email: `rival-admin-${brand.id}@example.com`,
      name: 'Rita Rival',
      passwordHash: await hashPassword(password),
    },
  });
  await db.membership.create({ data: { userId: admin.id, brandId: brand.id, role: 'ADMIN' } });
  const product = await db.product.create({
    data: { brandId: brand.id, title: 'Rival Hat', priceMinor: 2000, stock: 5 },
  });
  const show = await db.show.create({
    data: {
      brandId: brand.id,
      title: 'Rival Show',
      scheduledStartAt: new Date(Date.now() + 3600_000),
      streamKeyHash: newStreamKey().hash,
    },
  });
  return { brand, admin, product, show };
}
