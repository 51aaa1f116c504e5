import { pageArgs, toPage, type PageQuery } from '../database/pagination';
import type { Database } from '../database/prisma-client';
import { AppError, notFound } from '../errors/app-error';
import type { ShowEvents } from './show-events';
import type { ShowCreateInput, ShowPatchInput } from './show-schemas';
import { newStreamKey } from './stream-keys';

const withHost = { host: { select: { name: true } } } as const;

async function assertHost(db: Database, brandId: string, hostId: string | null | undefined): Promise<void> {
  if (!hostId) return;
  const membership = await db.membership.findFirst({
    where: { brandId, userId: hostId, role: { in: ['HOST', 'ADMIN'] } },
  });
  if (!membership)
    throw new AppError('VALIDATION_FAILED', 'the host must be a host of this brand', {
      hostId: 'not a host of this brand',
    });
}

function assertOwnCover(brandId: string, key: string | null | undefined): void {
  if (key && !key.startsWith(`${brandId.toLowerCase().slice(0, 40)}/`)) {
    throw new AppError('VALIDATION_FAILED', 'the cover does not belong to this brand', {
      coverImageKey: 'unknown image',
    });
  }
}

export async function listShows(db: Database, brandId: string, query: PageQuery) {
  const rows = await db.show.findMany({
    where: { brandId },
    include: withHost,
    orderBy: [{ scheduledStartAt: 'desc' }, { id: 'desc' }],
    ...pageArgs(query),
  });
  return toPage(rows, query.limit);
}

export async function createShow(db: Database, brandId: string, input: ShowCreateInput) {
  await assertHost(db, brandId, input.hostId);
  assertOwnCover(brandId, input.coverImageKey);
  const streamKey = newStreamKey();
  const show = await db.show.create({
    data: { ...input, brandId, streamKeyHash: streamKey.hash },
    include: withHost,
  });
  return { show, streamKey: streamKey.key };
}

export async function getShow(db: Database, brandId: string, showId: string) {
  const show = await db.show.findFirst({ where: { id: showId, brandId }, include: withHost });
  if (!show) throw notFound('show');
  return show;
}

export async function updateShow(
  db: Database,
  events: ShowEvents,
  brandId: string,
  showId: string,
  patch: ShowPatchInput,
) {
  const show = await getShow(db, brandId, showId);
  if (show.status === 'ENDED' || show.status === 'CANCELLED') {
    throw new AppError('SHOW_NOT_EDITABLE', `this show is ${show.status.toLowerCase()} and can no longer be changed`);
  }
  const rescheduled = patch.scheduledStartAt && patch.scheduledStartAt.getTime() !== show.scheduledStartAt.getTime();
  if (rescheduled && show.status !== 'SCHEDULED') {
    throw new AppError('SHOW_NOT_EDITABLE', 'a show that has started cannot be rescheduled');
  }
  await assertHost(db, brandId, patch.hostId);
  assertOwnCover(brandId, patch.coverImageKey);
  const updated = await db.show.update({ where: { id: show.id }, data: patch, include: withHost });
  if (rescheduled) events.emit('show:rescheduled', { showId, scheduledStartAt: updated.scheduledStartAt });
  return updated;
}

export async function cancelShow(db: Database, events: ShowEvents, brandId: string, showId: string) {
  const { count } = await db.show.updateMany({
    where: { id: showId, brandId, status: 'SCHEDULED' },
    data: { status: 'CANCELLED' },
  });
  if (count === 0) {
    await getShow(db, brandId, showId);
    throw new AppError('SHOW_NOT_EDITABLE', 'only a scheduled show can be cancelled');
  }
  events.emit('show:cancelled', { showId });
  return getShow(db, brandId, showId);
}

/** A new key replaces the old one at once; the old key gets 401 at the next publish attempt. */
export async function rotateStreamKey(db: Database, brandId: string, showId: string) {
  const streamKey = newStreamKey();
  const { count } = await db.show.updateMany({
    where: { id: showId, brandId },
    data: { streamKeyHash: streamKey.hash, streamKeyRotatedAt: new Date() },
  });
  if (count === 0) throw notFound('show');
  return { streamKey: streamKey.key };
}
