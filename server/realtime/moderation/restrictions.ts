import type { Database } from '../../database/prisma-client';
import { AppError, notFound } from '../../errors/app-error';
import type { ModerationLiftInput, ModerationRestrictInput, Restriction } from '../contract';
import type { ShowContext } from '../show-context';

const defaultMuteMinutes = 10;

const toRestriction = (row: { userId: string; kind: Restriction['kind']; until: Date | null }): Restriction => ({
  userId: row.userId,
  kind: row.kind,
  until: row.until?.toISOString() ?? null,
});

/** Restrictions in force now: bans and shadow bans last for the show, mutes until their time. */
export async function activeRestrictions(db: Database, showId: string, userId?: string): Promise<Restriction[]> {
  const rows = await db.showModeration.findMany({
    where: { showId, ...(userId ? { userId } : {}), OR: [{ until: null }, { until: { gt: new Date() } }] },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map(toRestriction);
}

export async function restrictViewer(
  db: Database,
  context: ShowContext,
  byUserId: string,
  input: ModerationRestrictInput,
): Promise<Restriction> {
  if (input.userId === byUserId) throw new AppError('VALIDATION_FAILED', 'you cannot restrict yourself');
  const [target, staff] = await Promise.all([
    db.user.findUnique({ where: { id: input.userId }, select: { id: true } }),
    db.membership.findFirst({ where: { userId: input.userId, brandId: context.brandId }, select: { id: true } }),
  ]);
  if (!target) throw notFound('viewer');
  if (staff || input.userId === context.hostId)
    throw new AppError('FORBIDDEN', 'the show team cannot be muted or banned');
  const until = input.kind === 'MUTE' ? new Date(Date.now() + (input.minutes ?? defaultMuteMinutes) * 60_000) : null;
  const row = await db.showModeration.upsert({
    where: { showId_userId_kind: { showId: context.showId, userId: input.userId, kind: input.kind } },
    create: { showId: context.showId, userId: input.userId, kind: input.kind, byUserId, until },
    update: { byUserId, until, createdAt: new Date() },
  });
  // A ban also takes the viewer's messages off the screen; they stay in the export, marked deleted.
  if (input.kind === 'BAN') {
    const purge = () =>
      db.chatMessage.updateMany({
        where: { showId: context.showId, userId: input.userId, deletedAt: null },
        data: { deletedAt: new Date() },
      });
    await purge();
    // Once more shortly after, for messages other nodes accepted just before the ban and store in a batch.
    setTimeout(() => void purge().catch(() => {}), 500).unref();
  }
  return toRestriction(row);
}

export async function liftRestriction(db: Database, context: ShowContext, input: ModerationLiftInput): Promise<void> {
  await db.showModeration.deleteMany({ where: { showId: context.showId, userId: input.userId, kind: input.kind } });
}

export async function setBlockedWords(db: Database, brandId: string, words: string[]): Promise<string[]> {
  const unique = [...new Set(words)].sort();
  await db.brand.update({ where: { id: brandId }, data: { blockedWords: unique } });
  return unique;
}
