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
        const payload = JSON.stringify(buildPushPayload(delivery, links));
        const topic = createHash('sha256').update(delivery.id).digest('base64url').slice(0, 32);
        const results = await Promise.all(
          mine.map(async (subscription) => {
            try {
              const request = webpush.generateRequestDetails(
                { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
                payload,
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
                return { ok: false as const, gone: true, error: `subscription gone (${response.status})` };
              }
              if (!response.ok)
                return { ok: false as const, gone: false, error: `push service answered ${response.status}` };
              return { ok: true as const };
            } catch (error) {
              if (error instanceof EndpointRefused) {
                await db.pushSubscription.deleteMany({ where: { id: subscription.id } });
                return { ok: false as const, gone: true, error: `endpoint refused: ${error.message}` };
              }
              return { ok: false as const, gone: false, error: errorMessage(error) };
            }
          }),
        );
        if (results.some((result) => result.ok)) return { id: delivery.id, status: 'SENT', delivered: true };
        const failures = results.filter((result) => !result.ok);
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
