import type { PlatformModule } from '../boot/platform-module';
import type { MenusModule } from '../menus/menus-module';
import { registerSurveyRoutes } from './survey-routes';

/** Identified surveys whose answers tag the customer; her LINE menu is re-linked through the menus module. */
export function surveysModule(menus: MenusModule): PlatformModule {
  return {
    name: 'surveys',
    roles: ['web'],
    create: ({ db, publicBaseUrl }) => ({
      routes(http) {
        registerSurveyRoutes(http, { db, publicBaseUrl, retagged: menus.followersRetagged });
      },
    }),
  };
}
