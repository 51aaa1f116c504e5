// LINE official accounts per brand: the webhook (LINE users' follows, unfollows and messages into followers and
// conversations), the console's account settings, and the port that sends staff and bot replies back to LINE.
import type { PlatformModule } from '../boot/platform-module';
import type { ConversationsModule } from '../conversations/conversations-module';
import { receiveCustomerMessage } from '../conversations/conversation-service';
import { AppError } from '../errors/app-error';
import { maxChatImageBytes } from '../conversations/conversation-images';
import { createLineClient } from './line-client';
import { createLineSender, type LineSender } from './line-reply-port';
import { registerLineAccountRoutes, registerLineWebhookRoute } from './line-routes';

export type FollowHook = (input: { brandId: string; followerId: string; firstTime: boolean }) => Promise<void>;
/**
 * A quick-reply tap: each hook looks at `data` and returns whether it was its own. A failure (not a refusal, which
 * a hook answers itself) fails the webhook event, so LINE's redelivery tries it again.
 */
export type PostbackHook = (input: { brandId: string; followerId: string; data: string }) => Promise<boolean>;

export interface LineModuleOptions {
  /** https://api.line.me unless told otherwise (LINE_API_BASE_URL; tests pass their stand-in). */
  apiBaseUrl?: string;
}

export interface LineModule extends PlatformModule {
  /** Automation registers its welcome here. */
  readonly followHooks: FollowHook[];
  /** Surveys register their answers to quick replies here. */
  readonly postbackHooks: PostbackHook[];
  sender(): LineSender | null;
}

export function lineModule(conversations: ConversationsModule, options: LineModuleOptions = {}): LineModule {
  const followHooks: FollowHook[] = [];
  const postbackHooks: PostbackHook[] = [];
  let sender: LineSender | null = null;
  return {
    name: 'line',
    roles: ['web', 'realtime', 'worker'],
    followHooks,
    postbackHooks,
    sender: () => sender,
    create(platform) {
      const { db, log } = platform;
      const apiBaseUrl = options.apiBaseUrl ?? platform.config.lineApiBaseUrl ?? 'https://api.line.me';
      const client = createLineClient(apiBaseUrl);
      const created = createLineSender({ db, client, log });
      /** The bytes of an image a LINE user sent, with the brand's token; null (logged) when they cannot be had. */
      const imageContent = async (brandId: string, lineMessageId: string) => {
        const account = await db.lineAccount.findUnique({ where: { brandId }, select: { channelAccessToken: true } });
        if (!account) return null;
        const bytes = await client
          .content(account.channelAccessToken, lineMessageId, maxChatImageBytes)
          .catch(() => null);
        if (!bytes)
          log.warn({ brandId, lineMessageId }, 'line: the image content could not be fetched; a note is kept');
        return bytes;
      };
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
              async postbacked(input) {
                for (const hook of postbackHooks) if (await hook(input)) return;
                log.warn({ brandId: input.brandId }, 'line: a postback nobody here handles');
              },
              async messaged(input) {
                const message = {
                  channel: 'line' as const,
                  brandId: input.brandId,
                  customer: { followerId: input.followerId },
                };
                const bytes = input.image ? await imageContent(input.brandId, input.image.lineMessageId) : null;
                if (bytes) {
                  // The image itself, checked and resized like any upload; the note when it is not one.
                  const stored = await receiveCustomerMessage(ctx(), { ...message, image: { bytes } }).catch(
                    (error: unknown) => {
                      if (!(error instanceof AppError) || error.code === 'NOT_FOUND') throw error;
                      return null;
                    },
                  );
                  if (stored) return;
                }
                await receiveCustomerMessage(ctx(), { ...message, text: input.text });
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
