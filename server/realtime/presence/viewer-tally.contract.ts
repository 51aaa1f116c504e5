// One behaviour, two implementations: the in-process tally and the Redis one must both pass these.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ViewerTally } from './viewer-tally';

export interface ViewerTallyHarness {
  /** Two handles on the same tally (two processes sharing Redis; the same object in process). */
  tallies: [ViewerTally, ViewerTally];
  close(): Promise<void>;
}

export function viewerTallyContract(name: string, open: () => Promise<ViewerTallyHarness>): void {
  describe(`ViewerTally contract: ${name}`, () => {
    let harness: ViewerTallyHarness;
    beforeAll(async () => {
      harness = await open();
    });
    afterAll(async () => {
      await harness?.close();
    });
    const show = () => `show_${randomBytes(6).toString('hex')}`;

    it('counts a viewer once per show, wherever they join from', async () => {
      const [here, there] = harness.tallies;
      const a = show();
      const b = show();
      expect(await here.firstVisit(a, 'user:ann')).toBe(true);
      expect(await here.firstVisit(a, 'user:ann')).toBe(false);
      expect(await there.firstVisit(a, 'user:ann')).toBe(false);
      expect(await there.firstVisit(a, 'anon:bob')).toBe(true);
      expect(await there.firstVisit(b, 'user:ann')).toBe(true);
    });

    it('answers "first" exactly once when the same viewer joins many times at once', async () => {
      const [here, there] = harness.tallies;
      const id = show();
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? here : there).firstVisit(id, 'user:cat')),
      );
      expect(answers.filter(Boolean)).toHaveLength(1);
      const viewers = await Promise.all(Array.from({ length: 20 }, (_, i) => here.firstVisit(id, `anon:${i}`)));
      expect(viewers.every(Boolean)).toBe(true);
    });
  });
}
