import { createHash } from 'node:crypto';
import { errorMessage, type ChannelPort, type DeliveryOutcome, type OutgoingDelivery } from './channel-port';
import { toLineMessages } from './line-messages';
import { inParallel, Pacer } from './pacing';
import type { TrackingLinks } from './tracking-links';

export interface LineOptions {
  channelAccessToken: string;
  /** https://api.line.me in production; a local stand-in in tests. */
  apiBaseUrl?: string;
  /** Requests per second per endpoint; below LINE's own limits by default (see lineRequestRates). */
  requestRates?: { multicast: number; push: number };
  /** Requests in flight at once. */
  inFlight?: number;
}

export const lineMulticastLimit = 500;

/**
 * LINE limits requests per channel and endpoint: 200 a second for multicast, 2,000 a second for push (Messaging API
 * reference, "Rate limits"); above that it answers 429. Its guidance is a token bucket with a margin below the
 * limit, since requests from several processes add up: 90 % of each here, per process.
 */
export const lineRequestRates = { multicast: 180, push: 1800 };

/** A retry key must be a UUID and the same for the same request on every attempt: derive it from the recipients. */
export function retryKeyFor(deliveryIds: string[]): string {
  const hex = createHash('sha256')
    .update(['line', ...[...deliveryIds].sort()].join(':'))
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16] ?? '0', 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * LINE Messaging API. Followers who get the very same messages go out together with multicast (at most 500 per
 * request, links untracked because one request cannot carry per-follower links); a personalized message goes out
 * with push and per-follower tracked links. Every request carries X-Line-Retry-Key; a 409 means LINE already
 * accepted that request, so a retry after a crash or timeout never sends twice.
 */
export function createLineChannel(links: TrackingLinks, options: LineOptions): ChannelPort {
  const base = (options.apiBaseUrl ?? 'https://api.line.me').replace(/\/$/, '');
  const rates = options.requestRates ?? lineRequestRates;
  const pacers = { multicast: new Pacer(rates.multicast), push: new Pacer(rates.push) };

  async function post(
    endpoint: 'multicast' | 'push',
    body: unknown,
    retryKey: string,
  ): Promise<{ ok: true } | { ok: false; permanent: boolean; error: string }> {
    await pacers[endpoint].acquire();
    const path = `/v2/bot/message/${endpoint}`;
    try {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.channelAccessToken}`,
          'content-type': 'application/json',
          'x-line-retry-key': retryKey,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      if (response.ok || response.status === 409) return { ok: true };
      const detail = (await response.text().catch(() => '')).slice(0, 200);
      const permanent = response.status >= 400 && response.status < 500 && response.status !== 429;
      return { ok: false, permanent, error: `LINE answered ${response.status} ${detail}` };
    } catch (error) {
      return { ok: false, permanent: false, error: errorMessage(error) };
    }
  }

  return {
    channel: 'LINE',
    // Large claims, so identical renderings fill multicasts of 500; the pacers above keep within LINE's limits.
    batchSize: 4 * lineMulticastLimit,
    ratePerSecond: null,
    concurrency: 2,
    async send(batch: OutgoingDelivery[]): Promise<DeliveryOutcome[]> {
      const outcomes: DeliveryOutcome[] = [];
      const groups = new Map<string, OutgoingDelivery[]>();
      for (const delivery of batch) {
        if (!delivery.follower.lineUserId) {
          outcomes.push({ id: delivery.id, status: 'SKIPPED', reason: 'no LINE user id' });
          continue;
        }
        const key = `${delivery.announcementId}:${JSON.stringify(delivery.message.balloons)}`;
        const group = groups.get(key);
        if (group) group.push(delivery);
        else groups.set(key, [delivery]);
      }
      const record = (group: OutgoingDelivery[], retryKey: string, result: Awaited<ReturnType<typeof post>>) => {
        for (const delivery of group) {
          outcomes.push(
            result.ok
              ? { id: delivery.id, status: 'SENT', delivered: true }
              : {
                  id: delivery.id,
                  status: 'FAILED',
                  permanent: result.permanent,
                  error: result.error,
                  retryGroup: retryKey,
                },
          );
        }
      };
      // One request per personalized delivery (push, with its own tracked links) or per 500 identical ones (multicast).
      const requests = [...groups.values()].flatMap((group) => {
        if (group.length === 1) return [group];
        const chunks: OutgoingDelivery[][] = [];
        for (let start = 0; start < group.length; start += lineMulticastLimit)
          chunks.push(group.slice(start, start + lineMulticastLimit));
        return chunks;
      });
      await inParallel(requests, options.inFlight ?? 32, async (chunk) => {
        const [first] = chunk;
        if (!first) return;
        // Every balloon was one LINE refuses (an http or WebP image): nothing to send, and sending [] is a 400.
        if (toLineMessages(first.message.balloons, (_index, url) => url).length === 0) {
          for (const delivery of chunk)
            outcomes.push({
              id: delivery.id,
              status: 'SKIPPED',
              reason: 'no balloon LINE can show (media must be https JPEG or PNG)',
            });
          return;
        }
        if (chunk.length === 1) {
          const messages = toLineMessages(first.message.balloons, (index) => links.click(first.id, index));
          const retryKey = retryKeyFor([first.id]);
          record(chunk, retryKey, await post('push', { to: first.follower.lineUserId, messages }, retryKey));
          return;
        }
        const messages = toLineMessages(first.message.balloons, (_index, url) => url);
        const to = chunk.map((delivery) => delivery.follower.lineUserId as string);
        const retryKey = retryKeyFor(chunk.map((delivery) => delivery.id));
        record(chunk, retryKey, await post('multicast', { to, messages }, retryKey));
      });
      return outcomes;
    },
  };
}
