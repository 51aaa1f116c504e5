import type { PlatformModule } from '../boot/platform-module';
import { registerCueRoutes } from './cue-routes';
import { listCues } from './list-cues';

/** A joiner gets the cues of this last stretch: far more than any viewer's distance behind live. */
const joinCueWindowMs = 2 * 60_000;

/**
 * Commerce cues on the media timeline: the public list (replays, reconnecting pages) and the recent cues in a
 * joiner's snapshot. Pins (realtime) and sales (commerce) record them where they happen (record-cue.ts).
 */
export const cuesModule: PlatformModule = {
  name: 'cues',
  roles: ['web', 'realtime'],
  create: ({ db }) => ({
    routes(http) {
      registerCueRoutes(http, db);
    },
    commands(realtime) {
      realtime.registerJoinStateProvider(async (showId) => ({
        cues: await listCues(db, showId, { since: new Date(Date.now() - joinCueWindowMs) }),
      }));
    },
  }),
};
