import type { Page } from 'playwright-core';

/** Playback position, pause state and decoded frames of the show page's player video. */
export const playback = (page: Page) =>
  page.getByTestId('player-video').evaluate((element) => {
    const video = element as HTMLVideoElement;
    return {
      time: video.currentTime,
      paused: video.paused,
      frames: video.getVideoPlaybackQuality().totalVideoFrames,
      width: video.videoWidth,
    };
  });
