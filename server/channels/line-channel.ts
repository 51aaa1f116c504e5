import { createHash } from 'node:crypto';
import { errorMessage, type ChannelPort, type DeliveryOutcome, type OutgoingDelivery } from './channel-port';
import { toLineMessages } from './line-messages';
import type { TrackingLinks } from './tracking-links';

export interface LineOptions {
  channelAccessToken: string;
  /** https://api.line.me in production; a local stand-in in tests. */
  apiBaseUrl?: string;
  ratePerSecond?: number;
}

export const lineMulticastLimit = 500;

/** A retry key must be a UUID and the same for the same request on every attempt: derive it from the recipients. */
export function retryKeyFor(deliveryIds: string[]): string {
  const hex = createHash('sha256').update(['line', ...[...deliveryIds].sort()].join(':')).digest('hex');
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

  async function post(path: string, body: unknown, retryKey: string): Promise<{ ok: true } | { ok: false; permanent: boolean; error: string }> {
    try {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.channelAccessToken}`, 'content-type': 'application/json', 'x-line-retry-key': retryKey },
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
    batchSize: lineMulticastLimit,
    ratePerSecond: options.ratePerSecond ?? 1000,
    async send(batch: OutgoingDelivery[]): Promise<DeliveryOutcome[]> {
      const outcomes: DeliveryOutcome[] = [];
      const groups = new Map<string, OutgoingDelivery[]>();
      for (const delivery of batch) {
        if (!delivery.follower.lineUserId) {
          outcomes.push({ id: delivery.id, status: 'SKIPPED', reason: 'no LINE user id' });
          continue;
        }
        const key = `${delivery.announcementId}:${JSON.stringify(delivery.message.balloons)}`;
        groups.set(key, [...(groups.get(key) ?? []), delivery]);
      }
      const record = (group: OutgoingDelivery[], result: Awaited<ReturnType<typeof post>>) => {
        for (const delivery of group) {
          outcomes.push(result.ok ? { id: delivery.id, status: 'SENT', delivered: true } : { id: delivery.id, status: 'FAILED', permanent: result.permanent, error: result.error });
        }
      };
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const [first] = group;
          if (!first) return;
          if (group.length === 1) {
            const messages = toLineMessages(first.message.balloons, (index) => links.click(first.id, index));
            record(group, await post('/v2/bot/message/push', { to: first.follower.lineUserId, messages }, retryKeyFor([first.id])));
            return;
          }
          const messages = toLineMessages(first.message.balloons, (_index, url) => url);
          for (let start = 0; start < group.length; start += lineMulticastLimit) {
            const chunk = group.slice(start, start + lineMulticastLimit);
            const to = chunk.map((delivery) => delivery.follower.lineUserId as string);
            record(chunk, await post('/v2/bot/message/multicast', { to, messages }, retryKeyFor(chunk.map((delivery) => delivery.id))));
          }
        }),
      );
      return outcomes;
    },
  };
}
