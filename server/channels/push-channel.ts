import { createHash } from 'node:crypto';
import webpush from 'web-push';
import type { Database } from '../database/prisma-client';
import { EndpointRefused, postToPublicEndpoint, type EndpointOptions } from './public-endpoint';
import { errorMessage, type ChannelPort, type DeliveryOutcome, type OutgoingDelivery } from './channel-port';
import { inParallel } from './pacing';
import { showLinkIndex, type TrackingLinks } from './tracking-links';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

export interface PushPayload {
  title: string;
  body: string;
  icon: string | null;
  /** Opening the notification goes through the click redirect to the show. */
  url: string;
  tag: string;
}

export function buildPushPayload(delivery: OutgoingDelivery, links: TrackingLinks): PushPayload {
  const text = delivery.message.balloons.find((balloon) => balloon.type === 'text');
  const image = delivery.message.balloons.find((balloon) => balloon.type === 'image' || balloon.type === 'product');
  const icon = image?.type === 'image' ? image.url : image?.type === 'product' ? image.imageUrl : null;
  return {
    title: delivery.message.title,
    body: (text?.type === 'text' ? text.text : 'Tap to open the show').slice(0, 240),
    icon,
    url: links.click(delivery.id, showLinkIndex),
    tag: `show-${delivery.showId}`,
  };
}

type PushFailure = { ok: false; gone: boolean; error: string };
type PushResult = { ok: true } | PushFailure;
type Subscription = { id: string; endpoint: string; p256dh: string; auth: string };

/** One payload to each of a follower's subscriptions; expired or refused subscriptions are deleted. */
async function pushToSubscriptions(
  db: Database,
  vapid: VapidKeys,
  subscriptions: Subscription[],
  payload: PushPayload,
  topic: string,
  options: { endpoints?: EndpointOptions },
): Promise<PushResult[]> {
  const body = JSON.stringify(payload);
  return Promise.all(
    subscriptions.map(async (subscription): Promise<PushResult> => {
      try {
        const request = webpush.generateRequestDetails(
          { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
          body,
          { vapidDetails: vapid, TTL: 24 * 60 * 60, topic, urgency: 'high' },
        );
        // The endpoint is user-given: only a public https address, checked again now and pinned (SSRF).
        const response = await postToPublicEndpoint(
          request.endpoint,
          {
            headers: request.headers as Record<string, string>,
            body: request.body ? new Uint8Array(request.body) : undefined,
            timeoutMs: 10_000,
          },
          options.endpoints,
        );
        if (response.status === 404 || response.status === 410) {
          await db.pushSubscription.deleteMany({ where: { id: subscription.id } });
          return { ok: false, gone: true, error: `subscription gone (${response.status})` };
        }
        if (!response.ok) return { ok: false, gone: false, error: `push service answered ${response.status}` };
        return { ok: true };
      } catch (error) {
        if (error instanceof EndpointRefused) {
          await db.pushSubscription.deleteMany({ where: { id: subscription.id } });
          return { ok: false, gone: true, error: `endpoint refused: ${error.message}` };
        }
        return { ok: false, gone: false, error: errorMessage(error) };
      }
    }),
  );
}

/** A push to one follower outside announcements (a reply in her conversation): true when a subscription took it. */
export type PersonalPush = (followerId: string, payload: PushPayload) => Promise<boolean>;

export function createPersonalPush(
  db: Database,
  vapid: VapidKeys,
  options: { endpoints?: EndpointOptions } = {},
): PersonalPush {
  return async (followerId, payload) => {
    const subscriptions = await db.pushSubscription.findMany({ where: { followerId } });
    if (subscriptions.length === 0) return false;
    // The tag as topic: a newer notice about the same conversation replaces an unread older one.
    const topic = createHash('sha256').update(payload.tag).digest('base64url').slice(0, 32);
    const results = await pushToSubscriptions(db, vapid, subscriptions, payload, topic, options);
    return results.some((result) => result.ok);
  };
}

/**
 * Web Push with VAPID. web-push builds the encrypted request (aes128gcm, VAPID JWT); we send it with fetch so the
 * same code reaches a push service or the local stand-in in tests. The Topic header, derived from the delivery id,
 * makes the push service replace rather than duplicate a copy resent after a crash.
 */
export function createPushChannel(
  db: Database,
  vapid: VapidKeys,
  links: TrackingLinks,
  options: { ratePerSecond?: number; inFlight?: number; endpoints?: EndpointOptions } = {},
): ChannelPort {
  // Requests to push services in flight at once per batch: enough to hide their latency, few enough that a push
  // service does not answer 429 (which comes back here as a temporary failure, retried with backoff).
  const inFlight = options.inFlight ?? 50;
  return {
    channel: 'PUSH',
    batchSize: 500,
    ratePerSecond: options.ratePerSecond ?? 500,
    concurrency: 2,
    async send(batch: OutgoingDelivery[]): Promise<DeliveryOutcome[]> {
      const subscriptions = await db.pushSubscription.findMany({
        where: { followerId: { in: batch.map((delivery) => delivery.follower.id) } },
      });
      const byFollower = new Map<string, typeof subscriptions>();
      for (const subscription of subscriptions)
        byFollower.set(subscription.followerId, [...(byFollower.get(subscription.followerId) ?? []), subscription]);
      return inParallel(batch, inFlight, async (delivery): Promise<DeliveryOutcome> => {
        const mine = byFollower.get(delivery.follower.id) ?? [];
        if (mine.length === 0) return { id: delivery.id, status: 'SKIPPED', reason: 'no push subscription' };
        const topic = createHash('sha256').update(delivery.id).digest('base64url').slice(0, 32);
        const results = await pushToSubscriptions(db, vapid, mine, buildPushPayload(delivery, links), topic, options);
        if (results.some((result) => result.ok)) return { id: delivery.id, status: 'SENT', delivered: true };
        const failures = results.filter((result): result is PushFailure => !result.ok);
        if (failures.every((failure) => failure.gone))
          return { id: delivery.id, status: 'SKIPPED', reason: 'every push subscription has expired' };
        return {
          id: delivery.id,
          status: 'FAILED',
          permanent: false,
          error: failures.map((failure) => failure.error).join('; '),
        };
      });
    },
  };
}
