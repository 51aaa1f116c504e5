import type { PlatformModule } from '../boot/platform-module';
import type { ConversationsModule } from '../conversations/conversations-module';
import type { LineModule, PostbackHook } from '../line/line-module';
import type { MenusModule } from '../menus/menus-module';
import { answerFromLine } from './survey-chat';
import { registerSurveyRoutes } from './survey-routes';

/**
 * Identified surveys whose answers tag the customer; her LINE menu is re-linked through the menus module; asked in
 * a chat through the conversations' bot messages, and answered on LINE by the quick-reply taps the LINE webhook
 * hands over.
 */
export function surveysModule(
  menus: MenusModule,
  conversations: ConversationsModule,
  line: Pick<LineModule, 'postbackHooks'>,
): PlatformModule {
  return {
    name: 'surveys',
    roles: ['web'],
    create: ({ db, publicBaseUrl }) => {
      const onPostback: PostbackHook = async (input) => {
        const context = conversations.context();
        if (!context) return false;
        const answered = await answerFromLine(context, input);
        if (answered === null) return false;
        if (answered !== 'stale' && answered.tagsAdded.length && answered.followerId)
          menus.followersRetagged(answered.brandId, [answered.followerId]);
        return true;
      };
      line.postbackHooks.push(onPostback);
      return {
        routes(http) {
          registerSurveyRoutes(http, {
            db,
            publicBaseUrl,
            retagged: menus.followersRetagged,
            conversations: () => conversations.context(),
          });
        },
        async close() {
          const at = line.postbackHooks.indexOf(onPostback);
          if (at >= 0) line.postbackHooks.splice(at, 1);
        },
      };
    },
  };
}
