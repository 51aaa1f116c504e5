import { describe, expect, it } from 'vitest';
import { holds, LivePlaylistHub, type LivePlaylistSnapshot } from './live-playlist-hub';

const snapshot = (lastMsn: number, pendingParts: number, ended = false): LivePlaylistSnapshot => ({
  text: `#EXTM3U\n# ${lastMsn}.${pendingParts}${ended ? ' ended' : ''}\n`,
  lastMsn,
  pendingParts,
  targetDuration: 1,
  ended,
});

describe('LivePlaylistHub (blocking playlist reload)', () => {
  it('knows which segments and parts a playlist holds', () => {
    const at = snapshot(9, 2); // segments up to 9, parts 0 and 1 of segment 10
    expect(holds(at, 9)).toBe(true);
    expect(holds(at, 10)).toBe(false); // segment 10 is not whole yet
    expect(holds(at, 10, 1)).toBe(true);
    expect(holds(at, 10, 2)).toBe(false);
    expect(holds(at, 11, 0)).toBe(false);
    expect(holds(snapshot(9, 0, true), 11, 0)).toBe(true); // ended: nothing more will come
  });

  it('answers at once when the playlist already holds the part', async () => {
    const hub = new LivePlaylistHub();
    hub.publish('s', snapshot(9, 2));
    await expect(hub.waitFor('s', 10, 1, 1000)).resolves.toMatchObject({ kind: 'ready' });
  });

  it('holds a request until the part is published, then wakes it with that playlist', async () => {
    const hub = new LivePlaylistHub();
    hub.publish('s', snapshot(9, 2));
    const started = Date.now();
    const waiting = hub.waitFor('s', 10, 3, 3000);
    const other = hub.waitFor('s', 11, 0, 3000);
    expect(hub.waiting('s')).toBe(2);
    setTimeout(() => hub.publish('s', snapshot(9, 3)), 50); // part 2: not yet
    setTimeout(() => hub.publish('s', snapshot(9, 4)), 100);
    const result = await waiting;
    expect(result).toEqual({ kind: 'ready', snapshot: snapshot(9, 4) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(hub.waiting('s')).toBe(1); // the request for segment 11 still waits
    hub.publish('s', snapshot(10, 0));
    hub.publish('s', snapshot(10, 1));
    await expect(other).resolves.toEqual({ kind: 'ready', snapshot: snapshot(10, 1) });
    expect(hub.waiting('s')).toBe(0);
  });

  it('gives up after the bound (the route answers 503) and refuses what is more than two segments ahead', async () => {
    const hub = new LivePlaylistHub();
    hub.publish('s', snapshot(9, 2));
    const started = Date.now();
    await expect(hub.waitFor('s', 10, 2, 120)).resolves.toEqual({ kind: 'timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(hub.waiting('s')).toBe(0);
    await expect(hub.waitFor('s', 11, 0, 20)).resolves.toEqual({ kind: 'timeout' }); // two ahead: waits
    await expect(hub.waitFor('s', 12, 0, 1000)).resolves.toEqual({ kind: 'too-far' });
    await expect(hub.waitFor('other', 0, 0, 1000)).resolves.toEqual({ kind: 'not-live' });
  });

  it('releases every held request with the ended playlist, and keeps answering blocking reloads with it', async () => {
    const hub = new LivePlaylistHub();
    hub.publish('s', snapshot(9, 2));
    const waiting = hub.waitFor('s', 10, 2, 3000);
    const change = hub.nextChange('s', 3000);
    hub.publish('s', snapshot(10, 0, true));
    await expect(waiting).resolves.toEqual({ kind: 'ready', snapshot: snapshot(10, 0, true) });
    await expect(change).resolves.toBe(true);
    hub.end('s');
    // A player that was following the live stream asks for the next part: it gets the ended window.
    await expect(hub.waitFor('s', 11, 0, 3000)).resolves.toEqual({ kind: 'ready', snapshot: snapshot(10, 0, true) });
    // Waiting for a part that will never be written ends at once.
    await expect(hub.nextChange('s', 3000)).resolves.toBe(false);
  });

  it('lets go of a show that stops without an ended playlist: held requests get the file', async () => {
    const hub = new LivePlaylistHub();
    hub.publish('s', snapshot(9, 2));
    const waiting = hub.waitFor('s', 10, 2, 3000);
    hub.end('s');
    await expect(waiting).resolves.toEqual({ kind: 'not-live' });
    expect(hub.current('s')).toBeNull();
  });
});
