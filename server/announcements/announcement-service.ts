import type { Database } from '../database/prisma-client';
import { AppError, notFound } from '../errors/app-error';
import type { Balloon, StepInput } from './announcement-schemas';

async function assertShow(db: Database, brandId: string, showId: string) {
  const show = await db.show.findFirst({ where: { id: showId, brandId } });
  if (!show) throw notFound('show');
  return show;
}

async function assertReferences(db: Database, brandId: string, input: StepInput): Promise<void> {
  if (input.segmentId) {
    const segment = await db.segment.findFirst({ where: { id: input.segmentId, brandId } });
    if (!segment)
      throw new AppError('VALIDATION_FAILED', 'the segment does not belong to this brand', {
        segmentId: 'unknown segment',
      });
  }
  const productIds = input.balloons.flatMap((balloon) => (balloon.type === 'product' ? [balloon.productId] : []));
  if (productIds.length) {
    const found = await db.product.count({ where: { brandId, id: { in: productIds }, archivedAt: null } });
    if (found !== new Set(productIds).size)
      throw new AppError('VALIDATION_FAILED', 'a product card names a product this brand does not sell', {
        balloons: 'unknown product',
      });
  }
  const prefix = `${brandId.toLowerCase().slice(0, 40)}/`;
  const keys = input.balloons.flatMap((balloon: Balloon) =>
    balloon.type === 'image'
      ? [balloon.imageKey]
      : balloon.type === 'video' && balloon.posterKey
        ? [balloon.posterKey]
        : [],
  );
  if (keys.some((key) => !key.startsWith(prefix)))
    throw new AppError('VALIDATION_FAILED', 'an image does not belong to this brand', { balloons: 'unknown image' });
}

export const sendAtFor = (trigger: StepInput['trigger'], offsetMinutes: number, scheduledStartAt: Date): Date | null =>
  trigger === 'BEFORE_START' ? new Date(scheduledStartAt.getTime() - offsetMinutes * 60_000) : null;

export async function listSteps(db: Database, brandId: string, showId: string) {
  await assertShow(db, brandId, showId);
  const steps = await db.announcement.findMany({
    where: { showId, brandId },
    include: { segment: { select: { id: true, name: true } } },
  });
  // Countdown order: 3 days before, …, 1 hour before, then "live now".
  return steps.sort((a, b) =>
    a.trigger === b.trigger ? b.offsetMinutes - a.offsetMinutes : a.trigger === 'LIVE_NOW' ? 1 : -1,
  );
}

export async function createStep(db: Database, brandId: string, showId: string, input: StepInput) {
  const show = await assertShow(db, brandId, showId);
  if (show.status !== 'SCHEDULED')
    throw new AppError('SHOW_NOT_EDITABLE', 'announcements can only be added to a scheduled show');
  await assertReferences(db, brandId, input);
  return db.announcement.create({
    data: {
      brandId,
      showId,
      trigger: input.trigger,
      offsetMinutes: input.trigger === 'LIVE_NOW' ? 0 : input.offsetMinutes,
      segmentId: input.segmentId,
      balloons: input.balloons as object[],
      sendAt: sendAtFor(input.trigger, input.offsetMinutes, show.scheduledStartAt),
    },
  });
}

export async function getStep(db: Database, brandId: string, stepId: string) {
  const step = await db.announcement.findFirst({ where: { id: stepId, brandId }, include: { show: true } });
  if (!step) throw notFound('announcement');
  return step;
}

export async function updateStep(db: Database, brandId: string, stepId: string, input: StepInput) {
  const step = await getStep(db, brandId, stepId);
  await assertReferences(db, brandId, input);
  // The status condition makes the edit lose cleanly against a worker that has just started sending the step.
  const { count } = await db.announcement.updateMany({
    where: { id: stepId, status: 'PENDING' },
    data: {
      trigger: input.trigger,
      offsetMinutes: input.trigger === 'LIVE_NOW' ? 0 : input.offsetMinutes,
      segmentId: input.segmentId,
      balloons: input.balloons as object[],
      sendAt: sendAtFor(input.trigger, input.offsetMinutes, step.show.scheduledStartAt),
    },
  });
  if (count === 0) throw new AppError('CONFLICT', 'this step has already been sent or cancelled');
  return getStep(db, brandId, stepId);
}

export async function deleteStep(db: Database, brandId: string, stepId: string): Promise<void> {
  await getStep(db, brandId, stepId);
  const { count } = await db.announcement.deleteMany({
    where: { id: stepId, status: { in: ['PENDING', 'CANCELLED'] } },
  });
  if (count === 0) throw new AppError('CONFLICT', 'a step that has been sent stays for its report');
}
