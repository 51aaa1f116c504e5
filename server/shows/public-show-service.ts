// What the public show pages read: shows by status, and one show with its brand and products on show.
import type { Prisma } from '../../prisma/generated/client';
import type { Database } from '../database/prisma-client';
import { notFound } from '../errors/app-error';

export type PublicShowStatus = 'upcoming' | 'live' | 'ended';

const filters: Record<
  PublicShowStatus,
  { where: Prisma.ShowWhereInput; orderBy: Prisma.ShowOrderByWithRelationInput }
> = {
  upcoming: { where: { status: 'SCHEDULED' }, orderBy: { scheduledStartAt: 'asc' } },
  live: { where: { status: 'LIVE' }, orderBy: { startedAt: 'desc' } },
  ended: { where: { status: 'ENDED', replayPath: { not: null } }, orderBy: { endedAt: 'desc' } },
};

export function listPublicShows(db: Database, status: PublicShowStatus) {
  return db.show.findMany({ ...filters[status], include: { brand: { select: { name: true } } }, take: 50 });
}

/** A cancelled show is gone from the public side. */
export async function getPublicShow(db: Database, showId: string) {
  const show = await db.show.findFirst({
    where: { id: showId, status: { not: 'CANCELLED' } },
    include: {
      brand: { select: { id: true, name: true, slug: true } },
      products: { where: { product: { archivedAt: null } }, include: { product: true }, orderBy: { position: 'asc' } },
    },
  });
  if (!show) throw notFound('show');
  return show;
}
