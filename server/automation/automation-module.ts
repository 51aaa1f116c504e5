// Automation per brand: welcome on follow, keyword auto-replies, business hours with an away message, bot/human
// mode. It registers into the conversations' onCustomerMessage hook and the LINE module's follow hook.
import type { PlatformModule } from '../boot/platform-module';
import type { AudienceModule } from '../audience/audience-module';
import type { ConversationsModule } from '../conversations/conversations-module';
import { conversationForFollower, sendBotMessage, setConversationMode } from '../conversations/conversation-service';
import { AppError } from '../errors/app-error';
import type { LineModule } from '../line/line-module';
import { registerAutomationRoutes } from './automation-routes';
import { createAutomationEngine, type AutomationEngine } from './automation-engine';
import { createAutomationStatsWriter } from './automation-stats-writer';

export function automationModule(
  conversations: ConversationsModule,
  line: LineModule,
  audience: Pick<AudienceModule, 'followHooks'>,
): PlatformModule & { engine(): AutomationEngine | null } {
  let engine: AutomationEngine | null = null;
  return {
    name: 'automation',
    roles: ['web', 'realtime'],
    engine: () => engine,
    async create(platform) {
      const ctx = () => {
        const context = conversations.context();
        if (!context) throw new AppError('UNAVAILABLE', 'conversations are not running in this process');
        return context;
      };
      const stats = createAutomationStatsWriter(platform.db, { log: platform.log });
      const created = createAutomationEngine({
        db: platform.db,
        log: platform.log,
        stats,
        actions: {
          sendBot: async (input) => {
            await sendBotMessage(ctx(), input);
          },
          setMode: (brandId, conversationId, mode) => setConversationMode(ctx(), brandId, conversationId, mode),
          conversationForFollower: (brandId, followerId, via) =>
            conversationForFollower(ctx(), brandId, followerId, via),
          expectBatch: (conversationId, count) => line.sender()?.expectBatch(conversationId, count),
        },
      });
      engine = created;
      // Rules and settings in memory before the first customer writes (a failed read only means reading on demand).
      await created
        .prime()
        .catch((error: unknown) =>
          platform.log.warn({ err: error }, 'automation: reading the rules at start failed; they are read on demand'),
        );
      const onMessage = created.onCustomerMessage.bind(created);
      const onFollow = created.onFollow.bind(created);
      const onWebFollow = (input: { brandId: string; followerId: string }) =>
        created.onFollow({ ...input, via: 'web' });
      conversations.hooks.onCustomerMessage.push(onMessage);
      line.followHooks.push(onFollow);
      audience.followHooks.push(onWebFollow);
      return {
        routes(http) {
          registerAutomationRoutes(http, platform.db, {
            changed: (brandId) => created.invalidate(brandId),
            beforeStats: () => stats.flush(),
          });
        },
        async close() {
          conversations.hooks.onCustomerMessage.splice(
            conversations.hooks.onCustomerMessage.indexOf(onMessage) >>> 0,
            1,
          );
          line.followHooks.splice(line.followHooks.indexOf(onFollow) >>> 0, 1);
          audience.followHooks.splice(audience.followHooks.indexOf(onWebFollow) >>> 0, 1);
          // After the hook is gone nothing records more; what is buffered is written before the process ends.
          await stats.close();
        },
      };
    },
  };
}
