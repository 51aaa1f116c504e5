import type { Database } from '../database/prisma-client';

/** A brand's staff, oldest membership first. */
export async function listStaff(db: Database, brandId: string) {
  const rows = await db.membership.findMany({
    where: { brandId },
    include: { user: { select: { name: true, email: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((row) => ({ userId: row.userId, name: row.user.name, email: row.user.email, role: row.role }));
}
