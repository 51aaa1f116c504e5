import type { Database } from '../database/prisma-client';
import { notFound } from '../errors/app-error';

/** A brand's staff reach only their brand's shows: another brand's show id answers 404, as a missing one does. */
export async function requireBrandShow(db: Database, brandId: string, showId: string): Promise<void> {
  const show = await db.show.findFirst({ where: { id: showId, brandId }, select: { id: true } });
  if (!show) throw notFound('show');
}
