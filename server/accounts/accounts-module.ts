import type { PlatformModule } from '../boot/platform-module';
import { registerAccountRoutes } from './account-routes';
import { registerStaffRoutes } from './staff-routes';

/** Sign-up/in/out, sessions and each brand's staff list. */
export const accountsModule: PlatformModule = {
  name: 'accounts',
  roles: ['web'],
  create: ({ db, sessions, cookiePolicy, realtime, mail, config, publicBaseUrl, sessionSecret }) => ({
    routes(http) {
      // Sign-out cuts the session's sockets on every realtime node (through the adapter from a web process).
      registerAccountRoutes(http, db, sessions, cookiePolicy, (token) => realtime.disconnectSession(token), {
        mail,
        links: { publicBaseUrl, secret: sessionSecret },
        printLinks: config.mode === 'embedded',
      });
      registerStaffRoutes(http, db);
    },
  }),
};
