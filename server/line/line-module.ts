// LINE official accounts per brand: the webhook (LINE users' follows, unfollows and messages into followers and
// conversations), the console's account settings, and the port that sends staff and bot replies back to LINE.
import type { PlatformModule } from '../boot/platform-module';
import type { ConversationsModule } from '../conversations/conversations-module';
import { receiveCustomerMessage } from '../conversations/conversation-service';
import { AppError } from '../errors/app-error';
import { createLineClient } from './line-client';
import { createLineSender, type LineSender } from './line-reply-port';
import { registerLineAccountRoutes, registerLineWebhookRoute } from './line-routes';

export type FollowHook = (input: { brandId: string; followerId: string; firstTime: boolean }) => Promise<void>;

export interface LineModuleOptions {
  /** https://api.line.me unless told otherwise (LINE_API_BASE_URL; tests pass their stand-in). */
  apiBaseUrl?: string;
}

export interface LineModule extends PlatformModule {
  /** Automation registers its welcome here. */
  readonly followHooks: FollowHook[];
  sender(): LineSender | null;
}

export function lineModule(conversations: ConversationsModule, options: LineModuleOptions = {}): LineModule {
  const followHooks: FollowHook[] = [];
  let sender: LineSender | null = null;
  return {
    name: 'line',
    roles: ['web', 'realtime', 'worker'],
    followHooks,
    sender: () => sender,
    create(platform) {
      const { db, log } = platform;
      const apiBaseUrl = options.apiBaseUrl ?? platform.config.lineApiBaseUrl ?? 'https://api.line.me';
      const created = createLineSender({ db, client: createLineClient(apiBaseUrl), log });
      sender = created;
      // Staff and bot messages to LINE followers, from whichever process stores them.
      conversations.line.port = {
        async send(input) {
          await created.send(input);
        },
      };
      const ctx = () => {
        const context = conversations.context();
        if (!context) throw new AppError('UNAVAILABLE', 'conversations are not running in this process');
        return context;
      };
      return {
        async routes(http) {
          await registerLineWebhookRoute(http, {
            db,
            log,
            inbound: {
              async followed(input) {
                for (const hook of followHooks) {
                  await hook(input).catch((error: unknown) =>
                    log.warn({ err: error, brandId: input.brandId }, 'line: a follow hook failed'),
                  );
                }
              },
              async messaged(input) {
                await receiveCustomerMessage(ctx(), {
                  channel: 'line',
                  brandId: input.brandId,
                  customer: { followerId: input.followerId },
                  text: input.text,
                });
              },
            },
          });
          registerLineAccountRoutes(http, { db, mode: platform.config.mode, publicBaseUrl: platform.publicBaseUrl });
        },
        async close() {
          if (conversations.line.port) conversations.line.port = null;
        },
      };
    },
  };
}
