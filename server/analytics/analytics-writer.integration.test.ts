// The batch writer on real PostgreSQL: a viewer left on the page after the show ended stops adding live watch time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
import { eventLine, viewerLinePrefix, writeBatch, type AnalyticsBatch } from './analytics-writer';
import { EventLines } from './event-lines';

describe('analytics batch writer', () => {
  let t: TestDatabase;
  let brandId: string;
  let showId: string;
  const endedAt = Date.parse('2026-12-01T20:00:00Z');
  const batch = (lines: string[]): AnalyticsBatch => ({
    lines: EventLines.of(lines),
    orders: [],
    taps: [],
    sources: [],
    identities: new Map(),
    anonIds: [],
  });

  beforeAll(async () => {
    t = await createTestDatabase();
    const brand = await t.db.brand.create({ data: { name: 'Maison', slug: `maison-${Date.now()}` } });
    const show = await t.db.show.create({
      data: {
        brandId: brand.id,
        title: 'Autumn',
        streamKeyHash: `hash-${Date.now()}`,
        status: 'ENDED',
        scheduledStartAt: new Date(endedAt - 3_600_000),
        endedAt: new Date(endedAt),
      },
    });
    brandId = brand.id;
    showId = show.id;
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('counts live watch time up to the show’s end only; replay time after it counts', async () => {
    const live = viewerLinePrefix(brandId, showId, 'a:stayed', null, false);
    const replay = viewerLinePrefix(brandId, showId, 'a:replay', null, true);
    const s = 1000;
    await writeBatch(
      t.db,
      batch([
        eventLine(live, 'viewer_joined', null, 0, endedAt - 30 * s),
        eventLine(live, 'heartbeat', null, 15, endedAt - 15 * s), // 15 s, all before the end
        eventLine(live, 'heartbeat', null, 15, endedAt + 5 * s), // 10 s of it before the end
        eventLine(live, 'heartbeat', null, 15, endedAt + 20 * s), // after the end: not stored
        eventLine(live, 'viewer_left', null, 10, endedAt + 30 * s), // after the end: stored, 0 s
        eventLine(replay, 'viewer_joined', null, 0, endedAt + 60 * s),
        eventLine(replay, 'heartbeat', null, 15, endedAt + 75 * s),
      ]),
    );
    const viewers = await t.db.analyticsViewer.findMany({ where: { showId }, orderBy: { viewerKey: 'asc' } });
    expect(viewers.map((v) => [v.viewerKey, v.liveSeconds, v.replaySeconds])).toEqual([
      ['a:replay', 0, 15],
      ['a:stayed', 25, 0],
    ]);
    const stored = await t.db.analyticsEvent.findMany({
      where: { showId, viewerKey: 'a:stayed' },
      orderBy: { at: 'asc' },
    });
    expect(stored.map((e) => [e.kind, e.units])).toEqual([
      ['viewer_joined', 0],
      ['heartbeat', 15],
      ['heartbeat', 10],
      ['viewer_left', 0],
    ]);
  });
});
