import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startLiveCatchUp } from './live-catch-up';

// The playback rate a viewer gets as latency and buffer change (a video element's few fields, a player's figures).
describe('live catch-up', () => {
  const video = {
    paused: false,
    currentTime: 10,
    playbackRate: 1,
    bufferedEnd: 10.8,
    get buffered() {
      return { length: 1, end: () => this.bufferedEnd };
    },
  };
  let latency = 0.6;
  let target: number | null = 0.6;
  let stop: () => void;

  beforeEach(() => {
    vi.useFakeTimers();
    Object.assign(video, { paused: false, currentTime: 10, playbackRate: 1, bufferedEnd: 10.8 });
    latency = 0.6;
    target = 0.6;
    stop = startLiveCatchUp(video as unknown as HTMLVideoElement, {
      latency: () => latency,
      targetLatency: () => target,
    });
  });

  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it('plays a little faster while behind the hold with buffer to spend, then back to normal once there', () => {
    vi.advanceTimersByTime(300);
    expect(video.playbackRate).toBe(1);
    latency = 0.9; // a stall left the viewer 0.3 s later
    vi.advanceTimersByTime(250);
    expect(video.playbackRate).toBe(1.08);
    latency = 0.7; // inside the 0.15 s band but not settled: keeps going
    vi.advanceTimersByTime(250);
    expect(video.playbackRate).toBe(1.08);
    latency = 0.63;
    vi.advanceTimersByTime(250);
    expect(video.playbackRate).toBe(1);
    latency = 1.5;
    vi.advanceTimersByTime(250);
    expect(video.playbackRate).toBe(1.15);
  });

  it('never spends the last of the buffer, and leaves a paused, VOD or stopped player alone', () => {
    latency = 1.3;
    video.bufferedEnd = 10.2;
    vi.advanceTimersByTime(250);
    expect(video.playbackRate).toBe(1);
    video.bufferedEnd = 11;
    vi.advanceTimersByTime(250);
    expect(video.playbackRate).toBe(1.15);
    video.paused = true;
    vi.advanceTimersByTime(250);
    expect(video.playbackRate).toBe(1);
    video.paused = false;
    vi.advanceTimersByTime(250);
    expect(video.playbackRate).toBe(1.15);
    target = null; // the show ended: a VOD
    vi.advanceTimersByTime(250);
    expect(video.playbackRate).toBe(1);
    target = 0.6;
    vi.advanceTimersByTime(250);
    stop();
    expect(video.playbackRate).toBe(1);
  });
});
