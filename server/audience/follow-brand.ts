import type { FollowPreferences, pushSubscriptionSchema } from './audience-schemas';
import type { z } from 'zod';
import type { Viewer } from '../accounts/session-store';
import type { Database } from '../database/prisma-client';
import { EndpointRefused, resolvePublicEndpoint } from '../channels/public-endpoint';
import { AppError, notFound } from '../errors/app-error';

export { followPreferencesSchema, pushSubscriptionSchema, type FollowPreferences } from './audience-schemas';

const followView = (
  follower: { id: string; optOutEmail: boolean; optOutPush: boolean; optOutLine: boolean } | null,
) => ({
  following: follower !== null,
  preferences: follower
    ? { optOutEmail: follower.optOutEmail, optOutPush: follower.optOutPush, optOutLine: follower.optOutLine }
    : null,
});

async function assertBrand(db: Database, brandId: string): Promise<void> {
  if (!(await db.brand.findUnique({ where: { id: brandId }, select: { id: true } }))) throw notFound('brand');
}

export async function followStatus(db: Database, viewer: Viewer, brandId: string) {
  return followView(await db.follower.findUnique({ where: { brandId_userId: { brandId, userId: viewer.userId } } }));
}

/**
 * Following links to an imported customer record with the same email when there is one (the brand already knew
 * this person), otherwise creates the follower. Idempotent.
 */
export async function followBrand(
  db: Database,
  viewer: Viewer,
  brandId: string,
): Promise<ReturnType<typeof followView> & { newFollowerId: string | null }> {
  await assertBrand(db, brandId);
  const existing = await db.follower.findUnique({ where: { brandId_userId: { brandId, userId: viewer.userId } } });
  if (existing) return { ...followView(existing), newFollowerId: null };
  const email = viewer.email.toLowerCase();
  const linked = await db.follower.updateMany({
    where: { brandId, email, userId: null },
    data: { userId: viewer.userId },
  });
  if (linked.count === 0) {
    await db.follower
      .upsert({
        where: { brandId_userId: { brandId, userId: viewer.userId } },
        create: { brandId, userId: viewer.userId, email, name: viewer.name },
        update: {},
      })
      .catch(async (error: unknown) => {
        // The email belongs to another follower row already linked to an account: follow without the email.
        if ((error as { code?: string }).code !== 'P2002') throw error;
        await db.follower.upsert({
          where: { brandId_userId: { brandId, userId: viewer.userId } },
          create: { brandId, userId: viewer.userId, name: viewer.name },
          update: {},
        });
      });
  }
  const follower = await db.follower.findUnique({ where: { brandId_userId: { brandId, userId: viewer.userId } } });
  return { ...followView(follower), newFollowerId: follower?.id ?? null };
}

export async function unfollowBrand(db: Database, viewer: Viewer, brandId: string) {
  await db.follower.deleteMany({ where: { brandId, userId: viewer.userId } });
  return followView(null);
}

export async function updatePreferences(db: Database, viewer: Viewer, brandId: string, preferences: FollowPreferences) {
  const { count } = await db.follower.updateMany({ where: { brandId, userId: viewer.userId }, data: preferences });
  if (count === 0) throw notFound('follow');
  return followStatus(db, viewer, brandId);
}

/** Registers this browser's push subscription for every brand the user follows (one endpoint, many followers). */
export async function savePushSubscription(
  db: Database,
  viewer: Viewer,
  subscription: z.infer<typeof pushSubscriptionSchema>,
): Promise<number> {
  // The server will POST to this URL: refuse one that leads to a private address now (and again at each send).
  await resolvePublicEndpoint(subscription.endpoint).catch((error: unknown) => {
    if (error instanceof EndpointRefused)
      throw new AppError('VALIDATION_FAILED', `endpoint: ${error.message}`, { endpoint: error.message });
    throw error;
  });
  const followers = await db.follower.findMany({ where: { userId: viewer.userId }, select: { id: true } });
  for (const follower of followers) {
    await db.pushSubscription.upsert({
      where: { followerId_endpoint: { followerId: follower.id, endpoint: subscription.endpoint } },
      create: {
        followerId: follower.id,
        endpoint: subscription.endpoint,
        p256dh: subscription.keys.p256dh,
        auth: subscription.keys.auth,
      },
      update: { p256dh: subscription.keys.p256dh, auth: subscription.keys.auth },
    });
  }
  return followers.length;
}

/** A brand followed after push was enabled gets the browser's existing subscriptions too. */
export async function copyPushSubscriptions(db: Database, viewer: Viewer, brandId: string): Promise<void> {
  const follower = await db.follower.findUnique({
    where: { brandId_userId: { brandId, userId: viewer.userId } },
    select: { id: true },
  });
  if (!follower) return;
  const known = await db.pushSubscription.findMany({
    where: { follower: { userId: viewer.userId } },
    distinct: ['endpoint'],
  });
  for (const subscription of known) {
    await db.pushSubscription.upsert({
      where: { followerId_endpoint: { followerId: follower.id, endpoint: subscription.endpoint } },
      create: {
        followerId: follower.id,
        endpoint: subscription.endpoint,
        p256dh: subscription.p256dh,
        auth: subscription.auth,
      },
      update: {},
    });
  }
}
