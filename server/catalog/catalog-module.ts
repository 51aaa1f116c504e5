import type { PlatformModule } from '../boot/platform-module';
import { registerUploadRoutes } from '../storage/upload-routes';
import { registerProductRoutes } from './product-routes';

/** A brand's products and their image uploads. */
export const catalogModule: PlatformModule = {
  name: 'catalog',
  roles: ['web'],
  create: ({ db, storage }) => ({
    routes(http) {
      registerUploadRoutes(http, storage);
      registerProductRoutes(http, db, storage);
    },
  }),
};
