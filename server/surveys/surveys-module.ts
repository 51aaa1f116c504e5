import type { PlatformModule } from '../boot/platform-module';
import type { ConversationsModule } from '../conversations/conversations-module';
import type { MenusModule } from '../menus/menus-module';
import { registerSurveyRoutes } from './survey-routes';

/**
 * Identified surveys whose answers tag the customer; her LINE menu is re-linked through the menus module; asked in
 * a chat through the conversations' bot messages.
 */
export function surveysModule(menus: MenusModule, conversations: ConversationsModule): PlatformModule {
  return {
    name: 'surveys',
    roles: ['web'],
    create: ({ db, publicBaseUrl }) => ({
      routes(http) {
        registerSurveyRoutes(http, {
          db,
          publicBaseUrl,
          retagged: menus.followersRetagged,
          conversations: () => conversations.context(),
        });
      },
    }),
  };
}
