import type { PlatformModule } from '../boot/platform-module';
import { registerAccountRoutes } from './account-routes';
import { registerStaffRoutes } from './staff-routes';

/** Sign-up/in/out, sessions and each brand's staff list. */
export const accountsModule: PlatformModule = {
  name: 'accounts',
  roles: ['web'],
  create: ({ db, sessions, cookiePolicy }) => ({
    routes(http) {
      registerAccountRoutes(http, db, sessions, cookiePolicy);
      registerStaffRoutes(http, db);
    },
  }),
};
