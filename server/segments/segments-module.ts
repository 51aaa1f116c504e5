import type { PlatformModule } from '../boot/platform-module';
import { registerSegmentRoutes } from './segment-routes';

/** Saved tag expressions over a brand's followers. */
export const segmentsModule: PlatformModule = {
  name: 'segments',
  roles: ['web'],
  create: ({ db }) => ({
    routes(http) {
      registerSegmentRoutes(http, db);
    },
  }),
};
