import { mkdtemp, mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mediaTimeAt } from './media-clock';
import { createPlaylistMediaClock } from './playlist-media-clock';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A live playlist whose segments were written `lateMs` before their PDT end said (PDT running ahead). */
async function show(aheadMs: number[], ended = false) {
  const hlsDir = await mkdtemp(path.join(os.tmpdir(), 'cue-clock-'));
  dirs.push(hlsDir);
  await mkdir(path.join(hlsDir, 'show1'));
  const start = Date.parse('2026-12-06T10:00:00.000Z');
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:1', '#EXT-X-MEDIA-SEQUENCE:0'];
  for (const [i, ahead] of aheadMs.entries()) {
    const pdt = start + i * 500;
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(pdt).toISOString()}`, '#EXTINF:0.500,', `r1-${i}.ts`);
    const file = path.join(hlsDir, 'show1', `r1-${i}.ts`);
    await writeFile(file, 'x');
    const written = (pdt + 500 - ahead) / 1000;
    await utimes(file, written, written);
  }
  if (ended) lines.push('#EXT-X-ENDLIST');
  await writeFile(path.join(hlsDir, 'show1', 'index.m3u8'), `${lines.join('\n')}\n`);
  return createPlaylistMediaClock(hlsDir);
}

describe('the PDT offset read from a show’s playlist', () => {
  it('is the median of how far each new segment’s PDT runs ahead of when it was written', async () => {
    const clock = await show([900, 1000, 1100, 5000, 1000]);
    expect(await clock.offsetMs('show1')).toBe(1000);
    expect((await mediaTimeAt('show1', 50_000, clock)).getTime()).toBe(51_000);
  });
  it('is 0 without a playlist on this disk, or once the show ended', async () => {
    const clock = await show([800, 800, 800], true);
    expect(await clock.offsetMs('show1')).toBe(0);
    expect(await clock.offsetMs('elsewhere')).toBe(0);
  });
});
