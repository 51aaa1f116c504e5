// The buying and watching halves of the topology run: HLS fetched through nginx as a player does, and checkout
// through nginx with a web node killed while the requests are in flight.
import { sleep } from '../../server/realtime/test-support/realtime-test-kit';
import { request, type Person } from './topology-people';

/** Plays `count` segments of the live playlist through nginx (waiting for the packager); answers how many arrived whole. */
export async function playHls(baseUrl: string, playlistPath: string, count: number): Promise<number> {
  const deadline = Date.now() + 30_000;
  let segments: string[] = [];
  let base = new URL(playlistPath, baseUrl);
  while (segments.length < 2 && Date.now() < deadline) {
    const response = await fetch(base).catch(() => null);
    const text = response?.ok ? await response.text() : '';
    const variant = /#EXT-X-STREAM-INF[^\n]*\n([^\n#]+)/.exec(text)?.[1];
    if (variant) {
      base = new URL(variant.trim(), base);
      continue;
    }
    segments = text.split('\n').filter((line) => line && !line.startsWith('#'));
    if (segments.length < 2) await sleep(300);
  }
  let played = 0;
  for (const segment of segments.slice(-count)) {
    const response = await fetch(new URL(segment, base)).catch(() => null);
    const bytes = response?.ok ? new Uint8Array(await response.arrayBuffer()) : new Uint8Array();
    // MPEG-TS packets start with 0x47; fMP4 segments with a box size then 'styp' / 'moof'.
    const isMedia = bytes[0] === 0x47 || /styp|moof/.test(Buffer.from(bytes.subarray(4, 8)).toString('latin1'));
    if (bytes.length > 1000 && isMedia) played++;
  }
  return played;
}

export interface Paid {
  orderId: string;
  intentId: string;
}

/**
 * Checks out every holder at once; `killWeb` runs as soon as the first answer is back, with the others in flight.
 * A dropped request is retried, as the checkout drawer does (the payment's idempotency key is the hold, so a retry
 * answers the same payment). Each payment then succeeds at the provider and its webhook is delivered.
 */
export async function checkoutAndPay(
  baseUrl: string,
  holders: Array<{ person: Person; orderId: string }>,
  killWeb: () => Promise<void>,
  deliver: (intentId: string) => Promise<void>,
): Promise<Paid[]> {
  const checkout = async ({ person, orderId }: { person: Person; orderId: string }): Promise<Paid | null> => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const answer = await request<{ paymentIntentId: string }>(
        baseUrl,
        'POST',
        `/api/orders/${orderId}/checkout`,
        person,
        {},
      );
      if (answer.status === 200) return { orderId, intentId: answer.body.paymentIntentId };
      if (answer.status !== 0 && answer.status < 500)
        throw new Error(`checkout answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      await sleep(300);
    }
    return null;
  };
  const pending = holders.map(checkout);
  await Promise.race(pending).catch(() => {});
  await killWeb();
  const checkedOut = (await Promise.all(pending)).filter((entry): entry is Paid => entry !== null);
  await Promise.all(checkedOut.map((entry) => deliver(entry.intentId)));
  return checkedOut;
}
