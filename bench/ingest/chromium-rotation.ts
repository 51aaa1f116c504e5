// Decode proof in a real browser: our hls.js player (test page /test/player.html) watches every
// stream in turn, at most `concurrent` at a time, because headless Chromium decodes H.264 in
// software and 8 simultaneous 720p30 decodes do not fit 2 cores next to the publishers.
// A stream passes when its video reaches the publishers' resolution and, over `watchSeconds`
// after the first frame, its clock advances at about real time and decoded frames keep coming.
import type { Page } from 'playwright-core';
import type { LaunchedChromium } from '../../media/test-support/chromium';
import { waitFor } from '../../media/test-support/media-test-server';
import type { PublishedVideo } from './publishers';

export interface ChromiumWatch {
  showId: string;
  ok: boolean;
  /** Seconds from opening the page to the first decoded frame. */
  firstFrameSeconds: number | null;
  watchedSeconds: number;
  advancedSeconds: number;
  decodedFrames: number;
  droppedFrames: number;
  stalls: number;
  /** hls.js media-error recoveries seen (the video re-attached after a decoder error). */
  recoveries: number;
  resolution: string;
  error: string | null;
}

interface Sample {
  at: number;
  currentTime: number;
  total: number;
  dropped: number;
  stalls: number;
  resolution: string;
  error: string | null;
}

const sampleOf = (page: Page): Promise<Sample> =>
  page.evaluate(() => {
    const w = window as any;
    const playback = w.playbackOf(0);
    const quality = w.players[0].element.getVideoPlaybackQuality();
    return {
      at: performance.now(),
      currentTime: playback.currentTime,
      total: quality.totalVideoFrames,
      dropped: quality.droppedVideoFrames,
      stalls: playback.stalls,
      resolution: playback.resolution,
      error: playback.error,
    };
  });

async function watch(
  browser: LaunchedChromium,
  baseUrl: string,
  showId: string,
  options: RotationOptions,
): Promise<ChromiumWatch> {
  const result: ChromiumWatch = {
    showId,
    ok: false,
    firstFrameSeconds: null,
    watchedSeconds: 0,
    advancedSeconds: 0,
    decodedFrames: 0,
    droppedFrames: 0,
    stalls: 0,
    recoveries: 0,
    resolution: '?',
    error: null,
  };
  const opened = Date.now();
  const page = await browser.context.newPage();
  try {
    await page.goto(`${baseUrl}/test/player.html`);
    await page.evaluate((src) => (window as any).addPlayer(src), `/hls/${showId}/index.m3u8`);
    const first = await waitFor(
      async () => {
        const s = await sampleOf(page);
        return s.total - s.dropped > 0 && s.currentTime > 0 && s;
      },
      options.firstFrameTimeoutMs,
      `first frame of ${showId}`,
    );
    result.firstFrameSeconds = (Date.now() - opened) / 1000;
    // Sampled through the watch: hls.js's media-error recovery re-attaches the video and resets
    // its frame counters, so frames are summed from increments (a drop counts as a reset).
    let previous = first;
    let resets = 0;
    const until = first.at + options.watchSeconds * 1000;
    for (let now = first.at; now < until; ) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(250, until - now)));
      const s = await sampleOf(page);
      const reset = s.total < previous.total;
      resets += reset ? 1 : 0;
      result.decodedFrames += reset ? s.total - s.dropped : s.total - s.dropped - (previous.total - previous.dropped);
      result.droppedFrames += reset ? s.dropped : s.dropped - previous.dropped;
      previous = s;
      now = s.at;
    }
    result.watchedSeconds = (previous.at - first.at) / 1000;
    result.advancedSeconds = previous.currentTime - first.currentTime;
    result.stalls = previous.stalls - first.stalls;
    result.resolution = previous.resolution;
    result.recoveries = resets;
    result.error = previous.error;
    // hls.js may play up to 1.15x to hold its live sync point; a jump to the live edge would be more.
    // Half the publishers' frames must be decoded (5 a second when the browser encoder picks its rate).
    const minFps = options.expect.fps === null ? 5 : 0.5 * options.expect.fps;
    result.ok =
      result.resolution === options.expect.resolution &&
      result.advancedSeconds >= 0.8 * result.watchedSeconds &&
      result.advancedSeconds <= 1.3 * result.watchedSeconds &&
      result.decodedFrames >= minFps * result.watchedSeconds;
  } catch (error) {
    result.error = (error as Error).message.split('\n')[0]!;
  } finally {
    await page.close().catch(() => {});
  }
  return result;
}

export interface RotationOptions {
  concurrent: number;
  watchSeconds: number;
  firstFrameTimeoutMs: number;
  expect: PublishedVideo;
}

export async function watchInRotation(
  browser: LaunchedChromium,
  baseUrl: string,
  showIds: string[],
  options: RotationOptions,
): Promise<ChromiumWatch[]> {
  const queue = [...showIds];
  const results = new Map<string, ChromiumWatch>();
  const worker = async (): Promise<void> => {
    for (let showId = queue.shift(); showId; showId = queue.shift()) {
      results.set(showId, await watch(browser, baseUrl, showId, options));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrent) }, worker));
  return showIds.map((id) => results.get(id)!);
}
