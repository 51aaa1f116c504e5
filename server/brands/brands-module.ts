import type { PlatformModule } from '../boot/platform-module';
import { registerBrandRoutes } from './brand-routes';

/** The brand's official account page (public) and its profile in the console: address, about, cover. */
export const brandsModule: PlatformModule = {
  name: 'brands',
  roles: ['web'],
  create: ({ db, links }) => ({
    routes(http) {
      registerBrandRoutes(http, db, links);
    },
  }),
};
