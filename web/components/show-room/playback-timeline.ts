// The viewer's playback clock as the show room's cue queue reads it: the player's playingDate() once the player
// exists. While a player is expected but not playing yet, cues wait (up to `startLimitMs`); with no player or one
// that never gives a program date time (a native player without it), cues apply at once.
import type { HlsPlayer } from '../../../media/browser/hls-player';
import { createCueQueue, type CueQueue, type PlaybackClock } from './cue-queue';

export interface PlaybackTimeline {
  clock: PlaybackClock;
  queue: CueQueue;
  /** The player of this page (HlsVideo's onPlayer), null when it goes. */
  attachPlayer(player: HlsPlayer | null): void;
  /** Whether a player is expected (the show is live on this page), and since when. */
  expectPlayer(expected: boolean): void;
}

export function createPlaybackTimeline(startLimitMs = 10_000): PlaybackTimeline {
  let player: HlsPlayer | null = null;
  let waitingSince: number | null = null;
  const clock: PlaybackClock = () => {
    const date = player?.playingDate();
    if (date) return date.getTime();
    if (waitingSince === null) return null;
    return Date.now() - waitingSince < startLimitMs ? undefined : null;
  };
  const queue = createCueQueue({ clock });
  return {
    clock,
    queue,
    attachPlayer(next) {
      player = next;
      if (next) waitingSince = Date.now();
      queue.poll();
    },
    expectPlayer(expected) {
      waitingSince = expected ? (waitingSince ?? Date.now()) : null;
      queue.poll();
    },
  };
}
