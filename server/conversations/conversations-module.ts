// Conversations (issue 13): 1:1 chat between a brand and a customer. Routes for the customer and the brand's chat
// staff (web), the typing command (realtime). Other modules (automation, LINE) register into `hooks` and `line`
// before or after this module is created; `context()` gives them the service context once it exists.
import type { PlatformModule } from '../boot/platform-module';
import type { PersonalPush } from '../channels/push-channel';
import { accountRoom } from '../realtime/transport/room-names';
import type { ConversationContext, CustomerMessageHook, LineReplyPort } from './conversation-ports';
import { registerConversationCommands } from './conversation-commands';
import { registerCustomerConversationRoutes } from './customer-conversation-routes';
import { createCustomerMessageWriter } from './message-writes';
import { createOfflineNotifier } from './offline-notice';
import { registerStaffConversationRoutes } from './staff-conversation-routes';

export interface ConversationsModule extends PlatformModule {
  /** Automation registers here: called after each customer message is stored and delivered. */
  readonly hooks: { onCustomerMessage: CustomerMessageHook[] };
  /** The LINE module sets the port that sends staff and bot messages to LINE followers. */
  readonly line: { port: LineReplyPort | null };
  /** Web Push for offline notices: the composition root hands over the channels module's (server/app.ts). */
  readonly offline: { push: () => PersonalPush | null };
  /** The service context, once the module is created in this process (null before). */
  context(): ConversationContext | null;
}

export function conversationsModule(): ConversationsModule {
  const hooks: ConversationsModule['hooks'] = { onCustomerMessage: [] };
  const line: ConversationsModule['line'] = { port: null };
  const offline: ConversationsModule['offline'] = { push: () => null };
  let ctx: ConversationContext | null = null;
  return {
    name: 'conversations',
    roles: ['web', 'realtime', 'worker'],
    hooks,
    line,
    offline,
    context: () => ctx,
    create(platform) {
      const { realtime, bus } = platform;
      const context: ConversationContext = {
        db: platform.db,
        customerMessages: createCustomerMessageWriter(platform.db),
        storage: platform.storage,
        publicBaseUrl: platform.publicBaseUrl,
        realtime: {
          emitToUser: (userId, event, payload) => realtime.emitToUser(userId, event as never, payload as never),
          emitToBrandStaff: (brandId, event, payload) =>
            realtime.emitToBrandStaff(brandId, event as never, payload as never),
          inboxChanged: (userId) => bus.publish('inbox:changed', { userId }),
        },
        hooks,
        line,
        notifyOffline: createOfflineNotifier({
          db: platform.db,
          mail: platform.mail,
          publicBaseUrl: platform.publicBaseUrl,
          push: () => offline.push(),
          line: () => line.port,
          log: platform.log,
        }),
        async isOnline(userId) {
          // This node first (the reply usually comes from the node the customer writes through): no Redis trip.
          if ((realtime.io.of('/').adapter.rooms.get(accountRoom(userId))?.size ?? 0) > 0) return true;
          const sockets = await Promise.race([
            realtime.io
              .in(accountRoom(userId))
              .fetchSockets()
              .catch(() => []),
            new Promise<[]>((resolve) => setTimeout(() => resolve([]), 2000).unref()),
          ]);
          return sockets.length > 0;
        },
        log: platform.log,
      };
      ctx = context;
      return {
        routes(http) {
          registerCustomerConversationRoutes(http, context);
          registerStaffConversationRoutes(http, context);
        },
        commands(rt) {
          rt.registerCommands((socket, router) => registerConversationCommands(context, rt, socket, router));
        },
      };
    },
  };
}
