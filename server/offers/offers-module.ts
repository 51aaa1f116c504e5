import type { PlatformModule } from '../boot/platform-module';
import { registerOfferRoutes } from './offer-routes';

/** Personal offers: the console's API and her offers (web). Checkout applies them (server/commerce/reserve-product.ts). */
export const offersModule: PlatformModule = {
  name: 'offers',
  roles: ['web'],
  create: ({ db, publicBaseUrl }) => ({
    routes(http) {
      registerOfferRoutes(http, db, publicBaseUrl);
    },
  }),
};
