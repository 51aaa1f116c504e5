// Commerce and media lines become JSON with the ids their tags name.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { componentLogger, createProcessLogger, liftTags } from './process-log';

describe('process logs', () => {
  it('lifts leading id tags into fields and leaves other brackets in the message', () => {
    expect(liftTags('[show:s1] [sale:f2] ended')).toEqual({ fields: { showId: 's1', saleId: 'f2' }, message: 'ended' });
    expect(liftTags('[showId:s1] ffmpeg restarted (run 2)')).toEqual({
      fields: { showId: 's1' },
      message: 'ffmpeg restarted (run 2)',
    });
    expect(liftTags('[commerce] job failed: [order:x]')).toEqual({
      fields: {},
      message: '[commerce] job failed: [order:x]',
    });
  });

  it('writes one JSON line per message with the component and the ids', () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const log = componentLogger(createProcessLogger('info', sink), 'commerce');
    log.warn('[order:o1] refund of 2500 (BRAND) still owed after attempt 3');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        component: 'commerce',
        orderId: 'o1',
        msg: 'refund of 2500 (BRAND) still owed after attempt 3',
      }),
    ]);
  });
});
