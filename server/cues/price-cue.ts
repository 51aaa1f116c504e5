import type { Database } from '../database/prisma-client';
import type { Realtime } from '../realtime/create-realtime';
import { type ImageLinks, listPins } from '../realtime/pins/pinned-products';
import type { MediaClock } from './media-clock';
import { recordCue } from './record-cue';

/**
 * A pinned product's show price changed (the console, during the show): a `price_changed` cue, and the pinned cards'
 * new prices reach each viewer when her video reaches the moment of the change. `change` runs the update; a product
 * that is not pinned changes no card, so nothing is announced.
 */
export async function changePriceOnTimeline<T>(
  deps: { db: Database; images: ImageLinks; realtime: Pick<Realtime, 'emitToShow'>; clock: MediaClock },
  showId: string,
  showProductId: string,
  change: () => Promise<T>,
): Promise<T> {
  const wallMs = Date.now();
  const previousPins = await listPins(deps.db, deps.images, showId);
  const result = await change();
  if (!previousPins.some((pin) => pin.showProductId === showProductId)) return result;
  const pins = await listPins(deps.db, deps.images, showId);
  const before = previousPins.find((pin) => pin.showProductId === showProductId);
  const after = pins.find((pin) => pin.showProductId === showProductId);
  if (before?.flashPriceMinor === after?.flashPriceMinor && before?.priceMinor === after?.priceMinor) return result;
  const cue = await recordCue(
    deps.db,
    showId,
    { kind: 'price_changed', showProductId, pins, previousPins },
    { wallMs, clock: deps.clock },
  );
  deps.realtime.emitToShow(showId, 'pin:changed', { pins, mediaTime: cue.mediaTime });
  return result;
}
