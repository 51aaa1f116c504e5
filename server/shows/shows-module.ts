import type { PlatformModule } from '../boot/platform-module';
import { registerPublicShowRoutes } from './public-show-routes';
import { registerShowProductRoutes } from './show-product-routes';
import { registerShowRoutes } from './show-routes';

/** Shows in the console (schedule, stream keys, products on show) and the public show pages' API. */
export const showsModule: PlatformModule = {
  name: 'shows',
  roles: ['web'],
  create: ({ db, storage, events, links, sessionSecret, realtime, mediaClock }) => ({
    routes(http) {
      registerShowRoutes(http, { db, events, links, sessionSecret });
      registerShowProductRoutes(http, db, storage, realtime, mediaClock);
      registerPublicShowRoutes(http, db, links);
    },
  }),
};
