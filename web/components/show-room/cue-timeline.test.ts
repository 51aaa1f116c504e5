import { describe, expect, it } from 'vitest';
import type { PinnedProduct, SaleState, ShowCue } from '../../../server/realtime/contract';
import { pinChapters, pinsAt, saleOutcomes, salesAt } from './cue-timeline';

const product = (id: string): PinnedProduct => ({
  showProductId: id,
  productId: `p${id}`,
  title: id,
  priceMinor: 1000,
  flashPriceMinor: null,
  currency: 'EUR',
  imageUrl: null,
});
const sale: SaleState = {
  saleId: 's1',
  showProductId: 'a',
  productId: 'pa',
  title: 'a',
  currency: 'EUR',
  regularPriceMinor: 1000,
  priceMinor: 500,
  quantity: 10,
  remaining: 10,
  perBuyerLimit: 1,
  startsAt: '2026-01-01T00:00:05.000Z',
  endsAt: '2026-01-01T00:01:05.000Z',
  status: 'active',
};
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const cues: ShowCue[] = [
  {
    id: '1',
    mediaTime: at(1),
    at: at(1),
    event: { kind: 'pin', showProductId: 'a', pins: [product('a')], previousPins: [] },
  },
  { id: '2', mediaTime: at(5), at: at(5), event: { kind: 'sale_started', sale } },
  {
    id: '3',
    mediaTime: at(8),
    at: at(8),
    event: { kind: 'pin', showProductId: 'b', pins: [product('a'), product('b')], previousPins: [product('a')] },
  },
  {
    id: '4',
    mediaTime: at(20),
    at: at(20),
    event: {
      kind: 'sale_ended',
      stock: { saleId: 's1', showProductId: 'a', remaining: 0, quantity: 10, status: 'ended', reason: 'sold_out' },
    },
  },
];

describe('commerce state at a playhead', () => {
  it('pins and sales as they were at each position', () => {
    expect(pinsAt(cues, Date.parse(at(0)), [product('x')])).toEqual([]);
    expect(pinsAt(cues, Date.parse(at(6)), []).map((p) => p.showProductId)).toEqual(['a']);
    expect(pinsAt(cues, Date.parse(at(9)), []).map((p) => p.showProductId)).toEqual(['a', 'b']);
    expect(salesAt(cues, Date.parse(at(4)))).toEqual([]);
    expect(salesAt(cues, Date.parse(at(6))).map((s) => s.saleId)).toEqual(['s1']);
    expect(salesAt(cues, Date.parse(at(21)))).toEqual([]);
  });

  it('chapters from pins and the deals of the show with their result', () => {
    expect(pinChapters(cues).map((c) => c.product.showProductId)).toEqual(['a', 'b']);
    expect(saleOutcomes(cues)).toEqual([
      { sale: { ...sale, remaining: 0 }, startedAt: Date.parse(at(5)), result: 'sold_out' },
    ]);
  });
});
