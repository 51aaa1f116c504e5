import type { Database } from '../database/prisma-client';
import { notFound } from '../errors/app-error';
import { balloonsSchema, type RenderedMessage } from './announcement-schemas';
import { renderPersonalizedImage } from './personalized-image';
import {
  createStepRenderer,
  loadStepContext,
  recipientTokenValues,
  sharedTokenValues,
  type RenderDeps,
} from './render-step';

async function recipient(db: Database, brandId: string, followerId: string | null) {
  if (!followerId) return { id: null, name: '' };
  const follower = await db.follower.findFirst({
    where: { id: followerId, brandId },
    select: { id: true, name: true },
  });
  if (!follower) throw notFound('follower');
  return follower;
}

/** The step exactly as the chosen follower (or an anonymous one) would receive it. */
export async function previewStep(
  db: Database,
  deps: RenderDeps,
  brandId: string,
  stepId: string,
  followerId: string | null,
): Promise<RenderedMessage> {
  const step = await db.announcement.findFirst({ where: { id: stepId, brandId }, select: { id: true } });
  if (!step) throw notFound('announcement');
  const who = await recipient(db, brandId, followerId);
  const render = createStepRenderer(await loadStepContext(db, step.id), deps);
  const query = who.id ? `?followerId=${encodeURIComponent(who.id)}` : '';
  return render(who, (index) => `/api/brands/${brandId}/announcements/${step.id}/preview-images/${index}${query}`);
}

export async function previewImage(
  db: Database,
  deps: RenderDeps,
  brandId: string,
  stepId: string,
  index: number,
  followerId: string | null,
): Promise<Buffer> {
  const step = await db.announcement.findFirst({ where: { id: stepId, brandId }, select: { id: true } });
  if (!step) throw notFound('announcement');
  return imageFor(db, deps, step.id, index, await recipient(db, brandId, followerId));
}

/** The personalized image of one delivery (the URL in the rendered message points here). */
export async function deliveryImage(
  db: Database,
  deps: RenderDeps,
  deliveryId: string,
  index: number,
): Promise<Buffer> {
  const delivery = await db.announcementDelivery.findUnique({
    where: { id: deliveryId },
    select: { announcementId: true, followerId: true },
  });
  const follower = delivery
    ? await db.follower.findUnique({ where: { id: delivery.followerId }, select: { name: true } })
    : null;
  if (!delivery || !follower) throw notFound('image');
  return imageFor(db, deps, delivery.announcementId, index, follower);
}

async function imageFor(
  db: Database,
  deps: RenderDeps,
  stepId: string,
  index: number,
  who: { name: string },
): Promise<Buffer> {
  const context = await loadStepContext(db, stepId);
  const balloon = balloonsSchema.parse(context.balloons)[index];
  if (!balloon || balloon.type !== 'image') throw notFound('image');
  return renderPersonalizedImage(
    deps.storage,
    balloon,
    recipientTokenValues(sharedTokenValues(context, deps.publicBaseUrl), who),
  );
}
