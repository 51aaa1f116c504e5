import type { Database } from '../database/prisma-client';
import type { Viewer } from './session-store';

export async function describeViewer(db: Database, viewer: Viewer) {
  const memberships = await db.membership.findMany({
    where: { userId: viewer.userId },
    include: { brand: { select: { name: true, slug: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return {
    user: { id: viewer.userId, email: viewer.email, name: viewer.name },
    memberships: memberships.map((m) => ({
      brandId: m.brandId,
      brandName: m.brand.name,
      brandSlug: m.brand.slug,
      role: m.role,
    })),
  };
}
