// A show's commerce state at a position on its media timeline, from its cues (server/cues): what a viewer joining
// behind live, or watching the replay, should see at her playhead.
import type { CueEvent, PinnedProduct, SaleState, ShowCue } from '../../../server/realtime/contract';

export const cueTime = (cue: ShowCue): number => Date.parse(cue.mediaTime);

/** The pinned products at `t`: the last pin change at or before it, else the state before the first one. */
export function pinsAt(cues: readonly ShowCue[], t: number, fallback: PinnedProduct[]): PinnedProduct[] {
  let pins: PinnedProduct[] | null = null;
  let first: PinnedProduct[] | null = null;
  for (const cue of cues) {
    const event = cue.event;
    if (event.kind !== 'pin' && event.kind !== 'unpin' && event.kind !== 'price_changed') continue;
    first ??= event.previousPins;
    if (cueTime(cue) <= t) pins = event.pins;
  }
  return pins ?? first ?? fallback;
}

/**
 * The sales open at `t`: started at or before it and not ended by then. `live` (a join snapshot's open sales) gives
 * the current stock of a sale it has; a sale it lacks (ended since) shows its state as of its last cue.
 */
export function salesAt(cues: readonly ShowCue[], t: number, live: SaleState[] = []): SaleState[] {
  const open = new Map<string, SaleState>();
  const cued = new Set<string>();
  for (const cue of cues) {
    const event = cue.event;
    const saleId = event.kind === 'sale_started' ? event.sale.saleId : 'stock' in event ? event.stock.saleId : null;
    if (saleId) cued.add(saleId);
    if (cueTime(cue) > t) continue;
    if (event.kind === 'sale_started') open.set(saleId as string, event.sale);
    if (event.kind === 'sale_ended') open.delete(event.stock.saleId);
    if (event.kind === 'sold_out') {
      const sale = open.get(event.stock.saleId);
      if (sale) open.set(sale.saleId, { ...sale, ...event.stock });
    }
  }
  const now = new Map(live.map((sale) => [sale.saleId, sale]));
  const result = [...open.values()].map((sale) => now.get(sale.saleId) ?? sale);
  // Sales with no cue at all (started before cues existed) are shown as the snapshot has them.
  return [...result, ...live.filter((sale) => !cued.has(sale.saleId))];
}

/** Every cue of one sale, for the replay's "deals you missed". */
export function saleOutcomes(cues: readonly ShowCue[]) {
  const sales = new Map<string, { sale: SaleState; startedAt: number; result: 'sold_out' | 'ended' | 'open' }>();
  for (const cue of cues) {
    const event: CueEvent = cue.event;
    if (event.kind === 'sale_started')
      sales.set(event.sale.saleId, { sale: event.sale, startedAt: cueTime(cue), result: 'open' });
    const entry = 'stock' in event ? sales.get(event.stock.saleId) : undefined;
    if (!entry || !('stock' in event)) continue;
    if (event.kind === 'sold_out' || event.stock.reason === 'sold_out') entry.result = 'sold_out';
    else if (event.kind === 'sale_ended' && entry.result !== 'sold_out') entry.result = 'ended';
    entry.sale = { ...entry.sale, remaining: event.stock.remaining };
  }
  return [...sales.values()];
}

/** Chapters: each pin, in order (tap to seek). */
export function pinChapters(cues: readonly ShowCue[]) {
  const chapters: Array<{ at: number; product: PinnedProduct }> = [];
  for (const cue of cues) {
    const event = cue.event;
    if (event.kind !== 'pin') continue;
    const product = event.pins.find((pin) => pin.showProductId === event.showProductId);
    if (product) chapters.push({ at: cueTime(cue), product });
  }
  return chapters;
}
